#!/usr/bin/env bash
# P5 one timeline: the emulator (cap 20/s) answers every request after 50 ms; `zim-migrate run` imports one
# timeline of 200 messages, which can go only one request at a time. Figure: its server-side rate / 1/RTT, where
# RTT is measured in the same run by a bare client posting the same signed bodies back to back; best of 3 interleaved rounds each. Goal: >= 0.95.
# Knobs: P5_MESSAGES, P5_DELAY_MS, TRANSPORT.
# Side by side: P5_BEFORE_ROOT=<another build's tree> (its adapter-cli/target/zim-migrate.jar and
# bench/target/benchmarks.jar built; nothing is written there) runs that tree's driver and jar, then this one's, P5_TRIES
# times (default 3), alternating, on the same input; each try's figure goes to stderr, one summary line to stdout.
# P5_BEFORE_CLI=<another zim-migrate.jar> instead swaps only the CLI: both sides then run on this tree's emulator and
# bare client, so a difference is the CLI's alone (a tree's emulator and bare client change too, between commits).
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
generate --messages "${P5_MESSAGES:-200}" --groups 1 --seed 5 --out "$WORK/history.jsonl"

one_try() { # BENCH_JAR CLI_JAR TAG : one invocation of the driver; prints its result line
  local bench="$1" cli="$2" tag="$3"
  # shellcheck disable=SC2046
  "$JAVA" ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$bench" io.zimmigrate.bench.OneTimeline --delay-ms "${P5_DELAY_MS:-50}" \
    --qps 20 --goal 0.95 --input "$WORK/history.jsonl" --rounds "${P5_ROUNDS:-3}" --log-dir "$WORK/logs-$tag" \
    -- $(CLI_JAR="$cli" cli_run "$WORK/history.jsonl" "$WORK/journal-$tag-{run}" --qps 20 --transport "${TRANSPORT:-vertx}")
}

if [[ -z "${P5_BEFORE_ROOT:-}${P5_BEFORE_CLI:-}" ]]; then
  one_try "$BENCH_JAR" "$CLI_JAR" now
  exit $?
fi

if [[ -n "${P5_BEFORE_CLI:-}" ]]; then
  before_bench="$BENCH_JAR"
  before_cli="$P5_BEFORE_CLI"
else
  before_bench="$P5_BEFORE_ROOT/bench/target/benchmarks.jar"
  before_cli="$P5_BEFORE_ROOT/adapter-cli/target/zim-migrate.jar"
fi
for f in "$before_bench" "$before_cli"; do
  [[ -f "$f" ]] || { echo "P5 one timeline: could not measure: $f is missing (build that tree first) ERROR"; exit 2; }
done
declare -A ratios=()
for ((t = 1; t <= ${P5_TRIES:-3}; t++)); do
  order="before now"; ((t % 2 == 0)) && order="now before" # alternate who goes first: no side always warm or cold
  for side in $order; do
    if [[ "$side" == before ]]; then line=$(one_try "$before_bench" "$before_cli" "before-$t" || true)
    else line=$(one_try "$BENCH_JAR" "$CLI_JAR" "now-$t" || true); fi
    ratio=$(echo "$line" | sed -n 's/.* = \([0-9.]*\) of 1\/RTT.*/\1/p')
    [[ -n "$ratio" ]] || { log "$side try $t: ${line:-no result line}"; echo "P5 one timeline: could not measure ($side) ERROR"; exit 2; }
    ratios[$side]="${ratios[$side]:-} $ratio"
    log "try $t, $side: $line ($(uptime | sed 's/.*load average: //'))"
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
m_now=$(echo "${ratios[now]}" | median)
m_before=$(echo "${ratios[before]}" | median)
awk -v m="$m_now" -v b="$m_before" -v all="${ratios[now]}" -v ball="${ratios[before]}" 'BEGIN {
  ok = (m >= 0.95)
  printf "P5 one timeline, side by side: now median %.3f of 1/RTT (tries:%s), before median %.3f (tries:%s) (goal >= 0.95) %s\n",
    m, all, b, ball, ok ? "PASS" : "FAIL"
  exit ok ? 0 : 1 }'

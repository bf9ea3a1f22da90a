#!/usr/bin/env bash
# verify's speed side by side with an earlier jar (issue #13): generates a one-to-one export (memory-shape.py's pairs
# shape: VS_MESSAGES messages, a fifth as many conversations, two timelines each), imports it once into an emulator
# (`emulate --qps 0`, answers delayed by VS_DELAY_MS), then times `zim-migrate verify` of it with each jar, alternating
# (VS_BEFORE_JAR first in every try), VS_TRIES tries, at `--qps VS_QPS` (0: uncapped) under -Xmx VS_HEAP.
#
# Options: VS_MESSAGES (100000), VS_DELAY_MS (0), VS_QPS (0), VS_TRIES (1), VS_HEAP (256m), VS_EMU_HEAP (4g),
# VS_JAR (this build's CLI jar), VS_BEFORE_JAR (none: this build alone). Prints one line: each side's best wall time,
# the ratio, and PASS when every verify found every timeline exact (exit 0), FAIL otherwise (exit 1); 2 when it could
# not measure.
#
# Session 17: `BENCH_KEEP=1 VS_MESSAGES=1000000 VS_BEFORE_JAR=<f06f725's jar> bench/verify-speed.sh` (one pass over the
# plan against one per 200,000 expected messages), and `VS_MESSAGES=1000 VS_DELAY_MS=100 VS_QPS=20 ...` (reading back
# several timelines at once at ZIM's cap against one round trip at a time).
source "$(dirname "$0")/lib.sh"
[[ -f "$CLI_JAR" && "${BENCH_REBUILD:-0}" != 1 ]] || ensure_built
make_workdir
CLI_JAR="${VS_JAR:-$CLI_JAR}"
messages="${VS_MESSAGES:-100000}"
tries="${VS_TRIES:-1}"
ZIM_SERVER_SECRET="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export ZIM_SERVER_SECRET # the secret reaches every JVM through the environment, never a command line

emulator_pid=""
trap '[[ -z "$emulator_pid" ]] || kill "$emulator_pid" 2>/dev/null; [[ "${BENCH_KEEP:-0}" == 1 ]] || rm -rf "$WORK"' EXIT
"$JAVA" "-Xmx${VS_EMU_HEAP:-4g}" -jar "$CLI_JAR" emulate --qps 0 --app-id 1 --answer-delay-ms "${VS_DELAY_MS:-0}" \
  >"$WORK/emulator.out" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 300); do grep -q '^http' "$WORK/emulator.out" && break; sleep 0.2; done
endpoint=$(grep -m1 '^http' "$WORK/emulator.out") || { echo "verify speed: could not measure: the emulator did not start ERROR"; exit 2; }

now=$(( $(date +%s) * 1000 ))
python3 "$BENCH_DIR/memory-shape.py" pairs "$messages" "$now" "$WORK/pairs.jsonl" --fast
log "importing $messages one-to-one messages into $endpoint ..."
if ! "$JAVA" -Xmx1g -Djava.io.tmpdir="$WORK" -jar "$CLI_JAR" run "$WORK/pairs.jsonl" --endpoint "$endpoint" --app-id 1 \
    --journal "$WORK/journal" --qps 0 --provision --progress lines >"$WORK/run.log" 2>&1; then
  tail -5 "$WORK/run.log" >&2
  echo "verify speed: could not measure: the import failed ERROR"; exit 2
fi

sides=("now=$CLI_JAR")
[[ -z "${VS_BEFORE_JAR:-}" ]] || sides=("before=$VS_BEFORE_JAR" "now=$CLI_JAR")
declare -A best
status=0
for try in $(seq 1 "$tries"); do
  for side in "${sides[@]}"; do
    label="${side%%=*}" jar="${side#*=}"
    out="$WORK/verify-$label-$try.log"
    t0=$(date +%s%N)
    rc=0
    "$JAVA" "-Xmx${VS_HEAP:-256m}" -Djava.io.tmpdir="$WORK" -jar "$jar" verify "$WORK/pairs.jsonl" \
      --endpoint "$endpoint" --app-id 1 --qps "${VS_QPS:-0}" >"$out" 2>&1 || rc=$?
    secs=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b-a)/1e9}')
    log "try $try, $label: exit $rc in $secs s: $(grep -m1 '^timelines:' "$out" || tail -1 "$out")"
    if (( rc != 0 )) || ! grep -q '^OK: every timeline' "$out"; then status=1; fi
    if [[ -z "${best[$label]:-}" ]] || awk -v a="$secs" -v b="${best[$label]}" 'BEGIN {exit !(a < b)}'; then
      best[$label]=$secs
    fi
  done
done

timelines=$(grep -m1 -oE '^timelines: [0-9]+' "$WORK/verify-now-1.log" | grep -oE '[0-9]+' || echo "?")
line="verify speed: $timelines timelines ($messages one-to-one messages), qps ${VS_QPS:-0}, answers +${VS_DELAY_MS:-0} ms: now ${best[now]} s"
if [[ -n "${VS_BEFORE_JAR:-}" ]]; then
  line+=", before ${best[before]} s, ratio $(awk -v a="${best[now]}" -v b="${best[before]}" 'BEGIN {printf "%.2f", a / b}')"
fi
(( status == 0 )) && echo "$line (best of $tries, $(machine)) PASS" || { echo "$line: a verify did not find every timeline exact FAIL"; exit 1; }

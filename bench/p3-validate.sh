#!/usr/bin/env bash
# P3 validation: `zim-migrate validate` on a generated 1M-message JSONL against a plain Jackson streaming pass over
# the same file (every value read), each a whole JVM process, best of P3_TRIES. Figure: Jackson's time / validate's
# time. Goal: >= 0.7 (issue #13). Knobs: P3_MESSAGES, P3_TRIES, and P3_BEFORE_JAR: another build's zim-migrate.jar
# timed in the same tries (interleaved), so a change is measured side by side with the code before it.
# `validate` runs through the ./zim-migrate launcher (what the README runs; P3_JAR=1: `java -jar` as before session
# 10). The launcher runs `validate` with the serial collector, C2 alone and its class archive (docs/cli.md), made
# before the tries. The before jar runs with `java $P3_BEFORE_OPTS -jar`; P3_BEFORE_OPTS defaults to what the
# launcher of sessions 10 and 11's main added for validate (-XX:+UseSerialGC; none with P3_JAR=1, which times both
# sides with plain `java -jar`); P3_BEFORE_OPTS= for a jar older than session 10.
# Each side's CPU time (user+sys, /usr/bin/time when present) is logged and summed too: on a loaded box the wall
# clock mostly measures the load, CPU time much less (the ratio goal itself stays on wall time).
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
messages="${P3_MESSAGES:-1000000}"
tries="${P3_TRIES:-2}"
before_jar="${P3_BEFORE_JAR:-}"
generate --messages "$messages" --groups 1000 --pairs 1000 --seed 3 --out "$WORK/history.jsonl"
TIMED=()
[[ -x /usr/bin/time ]] && TIMED=(/usr/bin/time -a -f "%U %S")
cpu() { # SIDE: CPU seconds (user+sys) of SIDE's last run, "?" without /usr/bin/time
  [[ -s "$WORK/$1.cpu" ]] && tail -1 "$WORK/$1.cpu" | awk '{printf "%.2f", $1 + $2}' || echo "?"
}
best_validate=""; best_jackson=""; best_before=""
run_now() {
  # Through the launcher, as the README runs it: it adds JVM options a user gets by default (validate: the serial
  # collector) to CLI_JAVA_OPTS, which it receives as JAVA_OPTS. P3_JAR=1 times `java -jar` instead.
  if [[ "${P3_JAR:-0}" == 1 ]]; then
    launch=("$JAVA" ${CLI_JAVA_OPTS:-} -jar "$CLI_JAR")
  else
    launch=(env JAVA="$JAVA" JAVA_OPTS="${CLI_JAVA_OPTS:-}" "$ROOT/zim-migrate")
  fi
  v=$(seconds "$WORK/validate.log" ${TIMED[@]+"${TIMED[@]}" -o "$WORK/validate.cpu"} "${launch[@]}" validate "$WORK/history.jsonl") \
    || { echo "P3 validation: could not measure: validate failed ERROR"; exit 2; }
}
before_opts="${P3_BEFORE_OPTS-$([[ "${P3_JAR:-0}" == 1 ]] || echo -XX:+UseSerialGC)}"
run_before() {
  # shellcheck disable=SC2086
  b=$(seconds "$WORK/before.log" ${TIMED[@]+"${TIMED[@]}" -o "$WORK/before.cpu"} "$JAVA" ${CLI_JAVA_OPTS:-} $before_opts -jar "$before_jar" validate "$WORK/history.jsonl") \
    || { echo "P3 validation: could not measure: validate of $before_jar failed ERROR"; exit 2; }
}
if [[ "${P3_JAR:-0}" != 1 ]]; then
  # The launcher keeps a class archive made by the first `validate` of a jar (issue #13, session 11): every run after
  # that starts from it. One untimed run on the first 20,000 lines makes it (if it is not there yet), so that every
  # try times what a user's second and later runs do, and the first try does not also pay for writing the archive.
  head -n 20000 "$WORK/history.jsonl" > "$WORK/warm-up.jsonl"
  env JAVA="$JAVA" JAVA_OPTS="${CLI_JAVA_OPTS:-}" "$ROOT/zim-migrate" validate "$WORK/warm-up.jsonl" > "$WORK/warm-up.log" 2>&1 \
    || { echo "P3 validation: could not measure: validate of the first 20,000 lines failed ERROR"; exit 2; }
fi
for ((i = 1; i <= tries; i++)); do
  # With a before jar, every second try runs it first: on a quiet box the validate that ran first in a try was the
  # slower one (session 8), and a fixed order put that on the new jar every time.
  if [[ -n "$before_jar" && $((i % 2)) == 0 ]]; then
    run_before
  fi
  run_now
  j=$(seconds "$WORK/jackson.log" ${TIMED[@]+"${TIMED[@]}" -o "$WORK/jackson.cpu"} "$JAVA" -cp "$BENCH_JAR" io.zimmigrate.bench.JacksonPass "$WORK/history.jsonl") \
    || { echo "P3 validation: could not measure: the Jackson pass failed ERROR"; exit 2; }
  mentions_count "$WORK/validate.log" "$messages" \
    || { echo "P3 validation: could not measure: validate did not report $messages records ERROR"; exit 2; }
  if [[ -n "$before_jar" ]]; then
    if ((i % 2 == 1)); then
      run_before
    fi
    log "try $i: validate ${v} s (CPU $(cpu validate) s), jackson ${j} s (CPU $(cpu jackson) s), validate before ${b} s (CPU $(cpu before) s; ratio before $(awk -v j="$j" -v b="$b" 'BEGIN {printf "%.2f", j / b}'))"
    best_before=$(awk -v a="$b" -v c="${best_before:-1e9}" 'BEGIN {print (a < c ? a : c)}')
  else
    log "try $i: validate ${v} s (CPU $(cpu validate) s), jackson ${j} s (CPU $(cpu jackson) s)"
  fi
  best_validate=$(awk -v a="$v" -v b="${best_validate:-1e9}" 'BEGIN {print (a < b ? a : b)}')
  best_jackson=$(awk -v a="$j" -v b="${best_jackson:-1e9}" 'BEGIN {print (a < b ? a : b)}')
done
awk -v v="$best_validate" -v j="$best_jackson" -v n="$messages" -v b="$best_before" 'BEGIN {
  r = j / v; ok = (r >= 0.7)
  before = (b == "" ? "" : sprintf(", before: %.2f (validate %.2f s)", j / b, b))
  printf "P3 validation: %.2f (validate %.2f s = %.0f msg/s, Jackson pass %.2f s, %d messages%s) (goal >= 0.7) %s\n",
    r, v, n / v, j, n, before, ok ? "PASS" : "FAIL"
  exit ok ? 0 : 1 }'

#!/usr/bin/env bash
# P3 validation: `zim-migrate validate` on a generated 1M-message JSONL against a plain Jackson streaming pass over
# the same file (every value read), each a whole JVM process, best of 2. Figure: Jackson's time / validate's time.
# Goal: >= 0.5. Knobs: P3_MESSAGES, P3_TRIES.
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
messages="${P3_MESSAGES:-1000000}"
tries="${P3_TRIES:-2}"
generate --messages "$messages" --groups 1000 --pairs 1000 --seed 3 --out "$WORK/history.jsonl"
best_validate=""; best_jackson=""
for ((i = 1; i <= tries; i++)); do
  v=$(seconds "$WORK/validate.log" "$JAVA" ${CLI_JAVA_OPTS:-} -jar "$CLI_JAR" validate "$WORK/history.jsonl") \
    || { echo "P3 validation: could not measure: validate failed ERROR"; exit 2; }
  j=$(seconds "$WORK/jackson.log" "$JAVA" -cp "$BENCH_JAR" io.zimmigrate.bench.JacksonPass "$WORK/history.jsonl") \
    || { echo "P3 validation: could not measure: the Jackson pass failed ERROR"; exit 2; }
  mentions_count "$WORK/validate.log" "$messages" \
    || { echo "P3 validation: could not measure: validate did not report $messages records ERROR"; exit 2; }
  log "try $i: validate ${v} s, jackson ${j} s"
  best_validate=$(awk -v a="$v" -v b="${best_validate:-1e9}" 'BEGIN {print (a < b ? a : b)}')
  best_jackson=$(awk -v a="$j" -v b="${best_jackson:-1e9}" 'BEGIN {print (a < b ? a : b)}')
done
awk -v v="$best_validate" -v j="$best_jackson" -v n="$messages" 'BEGIN {
  r = j / v; ok = (r >= 0.5)
  printf "P3 validation: %.2f (validate %.2f s = %.0f msg/s, Jackson pass %.2f s, %d messages) (goal >= 0.5) %s\n",
    r, v, n / v, j, n, ok ? "PASS" : "FAIL"
  exit ok ? 0 : 1 }'

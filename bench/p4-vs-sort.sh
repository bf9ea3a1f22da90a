#!/usr/bin/env bash
# P4 (issue #13): `zim-migrate plan` of a shuffled export under -Xmx256m against GNU `sort -S 200M` ordering the
# same file by its send time, whole processes, one after the other in the same run. Goal: plan ≤ 2× the sort's
# wall time. Knobs: P4S_MESSAGES (2,000,000), P4S_HEAP (256m), P4S_JAR (another build of the CLI, side by side).
source "$(dirname "$0")/lib.sh"
[[ -f "$CLI_JAR" && "${BENCH_REBUILD:-0}" != 1 ]] || ensure_built # only the CLI jar is needed here
make_workdir
CLI_JAR="${P4S_JAR:-$CLI_JAR}"
messages="${P4S_MESSAGES:-2000000}"
heap="${P4S_HEAP:-256m}"
now=$(( $(date +%s) * 1000 ))
# 20,000 groups of 1,000 members, shuffled: 9 ':'-separated fields, the send time last.
python3 "$BENCH_DIR/memory-shape.py" groups "$messages" "$now" "$WORK/history.jsonl"
log "sort -S 200M by send time ..."
sort_s=$(seconds "$WORK/sort.log" env LC_ALL=C sort -S 200M -T "$WORK" -t: -k9,9n -o "$WORK/sorted.jsonl" "$WORK/history.jsonl")
rm -f "$WORK/sorted.jsonl"
log "zim-migrate plan under -Xmx$heap ..."
plan_s=$(seconds "$WORK/plan.log" "$JAVA" "-Xmx$heap" -Djava.io.tmpdir="$WORK" -jar "$CLI_JAR" plan "$WORK/history.jsonl" --now "$now")
if ! mentions_count "$WORK/plan.log" "$messages"; then
  echo "P4 plan vs sort: could not measure: plan did not report $messages records ERROR"; exit 2
fi
awk -v p="$plan_s" -v s="$sort_s" -v n="$messages" -v heap="$heap" 'BEGIN {
  r = p / s
  printf "P4 plan vs sort: %d shuffled messages: plan (-Xmx%s) %.1f s, sort -S 200M %.1f s: %.2fx (goal <= 2x) %s\n",
    n, heap, p, s, r, r <= 2 ? "PASS" : "FAIL"
  exit r <= 2 ? 0 : 1 }'

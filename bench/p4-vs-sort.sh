#!/usr/bin/env bash
# P4 (issue #13): `zim-migrate plan` of a shuffled export under -Xmx256m against GNU `sort -S 200M` ordering the
# same file by its send time, whole processes, one after the other in the same run. Goal: plan ≤ 2× the sort's
# wall time. Knobs: P4S_MESSAGES (2,000,000), P4S_HEAP (256m), P4S_JAR (another build of the CLI), P4S_TRIES (1),
# and P4S_BEFORE_JAR: another build's zim-migrate.jar timed in the same tries (interleaved, and its plan output
# compared), so a change is measured side by side with the code before it; every second try runs the before jar
# first (order: sort, plan, before; then sort, before, plan). Each side's CPU time (user+sys, /usr/bin/time when
# present) is logged too: on a loaded box the wall clock mostly measures the load.
source "$(dirname "$0")/lib.sh"
[[ -f "$CLI_JAR" && "${BENCH_REBUILD:-0}" != 1 ]] || ensure_built # only the CLI jar is needed here
make_workdir
CLI_JAR="${P4S_JAR:-$CLI_JAR}"
messages="${P4S_MESSAGES:-2000000}"
heap="${P4S_HEAP:-256m}"
tries="${P4S_TRIES:-1}"
before_jar="${P4S_BEFORE_JAR:-}"
now=$(( $(date +%s) * 1000 ))
# 20,000 groups of 1,000 members, shuffled: 9 ':'-separated fields, the send time last.
python3 "$BENCH_DIR/memory-shape.py" groups "$messages" "$now" "$WORK/history.jsonl"
TIMED=()
[[ -x /usr/bin/time ]] && TIMED=(/usr/bin/time -a -f "%U %S")
cpu() { # SIDE: CPU seconds (user+sys) of SIDE's last run, "?" without /usr/bin/time
  [[ -s "$WORK/$1.cpu" ]] && tail -1 "$WORK/$1.cpu" | awk '{printf "%.2f", $1 + $2}' || echo "?"
}
plan() { # SIDE JAR: wall seconds of `plan` by JAR
  seconds "$WORK/$1.log" ${TIMED[@]+"${TIMED[@]}" -o "$WORK/$1.cpu"} "$JAVA" "-Xmx$heap" -Djava.io.tmpdir="$WORK" \
    -jar "$2" plan "$WORK/history.jsonl" --now "$now"
}
best_sort=""; best_plan=""; best_before=""
for ((i = 1; i <= tries; i++)); do
  log "try $i: sort -S 200M by send time ..."
  s=$(seconds "$WORK/sort.log" ${TIMED[@]+"${TIMED[@]}" -o "$WORK/sort.cpu"} env LC_ALL=C sort -S 200M -T "$WORK" -t: -k9,9n -o "$WORK/sorted.jsonl" "$WORK/history.jsonl")
  rm -f "$WORK/sorted.jsonl"
  if [[ -n "$before_jar" ]] && (( i % 2 == 0 )); then
    log "try $i: the before jar's plan first ..."
    b=$(plan before "$before_jar") || { echo "P4 plan vs sort: could not measure: plan of $before_jar failed ERROR"; exit 2; }
  fi
  log "try $i: zim-migrate plan under -Xmx$heap ..."
  p=$(plan plan "$CLI_JAR") || { echo "P4 plan vs sort: could not measure: plan failed ERROR"; exit 2; }
  if ! mentions_count "$WORK/plan.log" "$messages"; then
    echo "P4 plan vs sort: could not measure: plan did not report $messages records ERROR"; exit 2
  fi
  line="try $i: sort ${s} s (CPU $(cpu sort) s), plan ${p} s (CPU $(cpu plan) s)"
  if [[ -n "$before_jar" ]]; then
    if (( i % 2 == 1 )); then
      b=$(plan before "$before_jar") || { echo "P4 plan vs sort: could not measure: plan of $before_jar failed ERROR"; exit 2; }
    fi
    # The same plan, however fast: every count and forecast `plan` prints must be identical.
    if ! cmp -s "$WORK/plan.log" "$WORK/before.log"; then
      log "the two builds' plans differ:"; diff "$WORK/before.log" "$WORK/plan.log" | head -20 >&2
      echo "P4 plan vs sort: could not measure: the plans of the two builds differ ERROR"; exit 2
    fi
    line+=", plan before ${b} s (CPU $(cpu before) s)"
    best_before=$(awk -v a="$b" -v c="${best_before:-1e9}" 'BEGIN {print (a < c ? a : c)}')
  fi
  log "$line"
  best_sort=$(awk -v a="$s" -v c="${best_sort:-1e9}" 'BEGIN {print (a < c ? a : c)}')
  best_plan=$(awk -v a="$p" -v c="${best_plan:-1e9}" 'BEGIN {print (a < c ? a : c)}')
done
awk -v p="$best_plan" -v s="$best_sort" -v n="$messages" -v heap="$heap" -v b="$best_before" 'BEGIN {
  r = p / s
  before = (b == "" ? "" : sprintf(", before: %.1f s, %.2fx", b, b / s))
  printf "P4 plan vs sort: %d shuffled messages: plan (-Xmx%s) %.1f s, sort -S 200M %.1f s: %.2fx%s (goal <= 2x) %s\n",
    n, heap, p, s, r, before, r <= 2 ? "PASS" : "FAIL"
  exit r <= 2 ? 0 : 1 }'

#!/usr/bin/env bash
# Memory shapes (issue #13): `zim-migrate plan` of each shape under -Xmx256m, through the real jar, the export in a
# seeded random order. Shapes (bench/memory-shape.py): group = one group of N; pairs = N/5 one-to-one
# conversations among N/10 users; groups = MEM_GROUPS groups (20,000) of MEM_MEMBERS members (1,000); users =
# one-to-one messages among MEM_USERS users (1,000,000), all to provision. Goal: every shape completes.
# Reported per shape: completed or its exit code, wall time, peak RSS (VmHWM). Knobs: MEM_MESSAGES (2,000,000),
# MEM_SHAPES ("group pairs groups users"), MEM_HEAP (256m), MEM_GROUPS, MEM_MEMBERS, MEM_USERS; MEM_SHAPE_OPTS: more
# options for the generator, e.g. "--once --shared-users --fast" (groups: each membership written once, M users
# shared by every group, no shuffled list: 20 M messages in under a minute).
source "$(dirname "$0")/lib.sh"
[[ -f "$CLI_JAR" && "${BENCH_REBUILD:-0}" != 1 ]] || ensure_built # only the CLI jar is needed here
make_workdir
CLI_JAR="${MEM_JAR:-$CLI_JAR}" # MEM_JAR: measure another build side by side
messages="${MEM_MESSAGES:-2000000}"
heap="${MEM_HEAP:-256m}"
read -r -a shapes <<<"${MEM_SHAPES:-group pairs groups users}"
now=$(( $(date +%s) * 1000 ))
status=0
summary=()
for shape in "${shapes[@]}"; do
  input="$WORK/$shape.jsonl"
  log "generating $shape ($messages messages) ..."
  python3 "$BENCH_DIR/memory-shape.py" "$shape" "$messages" "$now" "$input" --groups "${MEM_GROUPS:-20000}" \
    --members "${MEM_MEMBERS:-1000}" --users "${MEM_USERS:-1000000}" ${MEM_SHAPE_OPTS:-}
  log "plan of $shape under -Xmx$heap ..."
  t0=$(date +%s%N)
  "$JAVA" "-Xmx$heap" -Djava.io.tmpdir="$WORK" -jar "$CLI_JAR" plan "$input" --now "$now" >"$WORK/$shape.log" 2>&1 &
  pid=$!; rss_kb=0
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    (( ${hwm:-0} > rss_kb )) && rss_kb=$hwm
    sleep 0.2
  done
  wait "$pid" && rc=0 || rc=$?
  t1=$(date +%s%N)
  if [[ $rc -eq 0 ]] && ! mentions_count "$WORK/$shape.log" "$messages"; then
    echo "memory shapes: could not measure: plan of $shape did not report $messages records ERROR"; exit 2
  fi
  [[ $rc -eq 0 ]] || { status=1; tail -3 "$WORK/$shape.log" >&2; }
  summary+=("$(awk -v t0="$t0" -v t1="$t1" -v kb="$rss_kb" -v s="$shape" -v rc="$rc" -v last="$(tail -1 "$WORK/$shape.log" | cut -c1-60)" 'BEGIN {
    printf "%s %s in %.1f s, peak RSS %.0f MiB", s, rc == 0 ? "completed" : "FAILED (exit " rc ": " last ")", (t1 - t0) / 1e9, kb / 1024 }')")
  rm -f "$input"
done
line=$(IFS=';'; echo "${summary[*]}")
echo "memory shapes: plan of $messages messages under -Xmx$heap: ${line//;/; } (goal: all complete) $([[ $status -eq 0 ]] && echo PASS || echo FAIL)"
exit $status

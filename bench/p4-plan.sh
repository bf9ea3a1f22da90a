#!/usr/bin/env bash
# P4 memory: `zim-migrate plan` on a generated, shuffled 10M-message export under -Xmx256m. Goal: it completes;
# reported: wall time and peak RSS (from /usr/bin/time -v, or VmHWM from /proc when that is missing).
# Knobs: P4_MESSAGES, P4_HEAP. The export is about 2 GB, written under $BENCH_TMP (default: the system temp dir).
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
messages="${P4_MESSAGES:-10000000}"
heap="${P4_HEAP:-256m}"
generate --messages "$messages" --groups 10000 --pairs 5000 --shuffle --seed 4 --out "$WORK/history.jsonl"
cmd=("$JAVA" "-Xmx$heap" -Djava.io.tmpdir="$WORK" -jar "$CLI_JAR" plan "$WORK/history.jsonl")
t0=$(date +%s%N)
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -v -o "$WORK/time.txt" "${cmd[@]}" >"$WORK/plan.log" 2>&1 && rc=0 || rc=$?
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
else
  "${cmd[@]}" >"$WORK/plan.log" 2>&1 &
  pid=$!; rss_kb=0
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    (( hwm > rss_kb )) && rss_kb=$hwm
    sleep 0.2
  done
  wait "$pid" && rc=0 || rc=$?
fi
t1=$(date +%s%N)
if [[ $rc -ne 0 ]]; then
  tail -20 "$WORK/plan.log" >&2
elif ! mentions_count "$WORK/plan.log" "$messages"; then
  echo "P4 memory: could not measure: plan did not report $messages records ERROR"; exit 2
fi
awk -v t0="$t0" -v t1="$t1" -v kb="${rss_kb:-0}" -v n="$messages" -v heap="$heap" -v rc="$rc" 'BEGIN {
  s = (t1 - t0) / 1e9
  printf "P4 memory: plan of %d shuffled messages under -Xmx%s %s in %.1f s (%.0f msg/s), peak RSS %.0f MiB (goal: completes) %s\n",
    n, heap, rc == 0 ? "completed" : "FAILED (exit " rc ")", s, n / s, kb / 1024, rc == 0 ? "PASS" : "FAIL"
  exit rc == 0 ? 0 : 1 }'

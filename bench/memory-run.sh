#!/usr/bin/env bash
# Memory shapes through a whole migration (issue #13): for each shape (bench/memory-shape.py), `zim-migrate run
# --provision` against an emulator, stopped with SIGKILL after MEM_KILL_AFTER seconds, resumed (the same command
# again, to the end), then `verify`; only zim-migrate runs under -Xmx$MEM_HEAP, the emulator (`zim-migrate
# emulate --qps 0`, uncapped so the run takes minutes, not hours) has its own JVM and MEM_EMU_HEAP (3g).
# Reported per shape and step: exit code, wall time, peak RSS (VmHWM) and the largest heap left after a GC
# (-Xlog:gc), i.e. what the step held. Goal: every step completes (exit 0) under the heap.
# Knobs: MEM_MESSAGES (200,000), MEM_SHAPES ("users groups"), MEM_HEAP (256m), MEM_EMU_HEAP, MEM_KILL_AFTER (20 s;
# 0: no kill, the resume then finds nothing to send), MEM_GROUPS (2,000), MEM_MEMBERS (100), MEM_USERS (MESSAGES/2).
source "$(dirname "$0")/lib.sh"
[[ -f "$CLI_JAR" && "${BENCH_REBUILD:-0}" != 1 ]] || ensure_built
make_workdir
CLI_JAR="${MEM_JAR:-$CLI_JAR}"
messages="${MEM_MESSAGES:-200000}"
heap="${MEM_HEAP:-256m}"
kill_after="${MEM_KILL_AFTER:-20}"
read -r -a shapes <<<"${MEM_SHAPES:-users groups}"
now=$(( $(date +%s) * 1000 ))
ZIM_SERVER_SECRET="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export ZIM_SERVER_SECRET # the secret reaches both JVMs through the environment, never a command line

emulator_pid=""
stop_emulator() { [[ -z "$emulator_pid" ]] || { kill "$emulator_pid" 2>/dev/null; wait "$emulator_pid" 2>/dev/null || true; }; emulator_pid=""; }
trap 'stop_emulator; [[ "${BENCH_KEEP:-0}" == 1 ]] || rm -rf "$WORK"' EXIT

# step NAME LOG KILL_AFTER CMD...: runs CMD (a java command) with a GC log, polls its peak RSS; prints
# "rc seconds rss_mib heap_mib"
step() {
  local name="$1" out="$2" kill_at="$3"; shift 3
  local gclog="$out.gc" t0 t1 pid rss_kb=0 hwm rc killed=0
  t0=$(date +%s%N)
  "$JAVA" "-Xmx$heap" "-Xlog:gc:file=$gclog" -Djava.io.tmpdir="$WORK" "$@" >"$out" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    (( ${hwm:-0} > rss_kb )) && rss_kb=$hwm
    if (( kill_at > 0 )) && (( ($(date +%s%N) - t0) / 1000000000 >= kill_at )); then
      kill -KILL "$pid" 2>/dev/null && killed=1
    fi
    sleep 0.2
  done
  wait "$pid" && rc=0 || rc=$?
  t1=$(date +%s%N)
  (( killed )) && rc=killed
  local heap_mib
  heap_mib=$(grep -oE '[0-9]+M->[0-9]+M\(' "$gclog" 2>/dev/null | sed -E 's/.*->([0-9]+)M\(/\1/' | sort -n | tail -1)
  awk -v t0="$t0" -v t1="$t1" -v kb="$rss_kb" -v rc="$rc" -v h="${heap_mib:-0}" -v n="$name" 'BEGIN {
    printf "%s %s in %.1f s, peak RSS %.0f MiB, heap after GC <= %d MiB", n, rc == "0" ? "ok" : rc == "killed" ? "killed" : "FAILED (exit " rc ")", (t1 - t0) / 1e9, kb / 1024, h }'
}

status=0
summary=()
for shape in "${shapes[@]}"; do
  input="$WORK/$shape.jsonl"
  users="${MEM_USERS:-$((messages / 2))}"
  log "generating $shape ($messages messages) ..."
  python3 "$BENCH_DIR/memory-shape.py" "$shape" "$messages" "$now" "$input" --groups "${MEM_GROUPS:-2000}" \
    --members "${MEM_MEMBERS:-100}" --users "$users"
  "$JAVA" "-Xmx${MEM_EMU_HEAP:-3g}" -jar "$CLI_JAR" emulate --qps 0 --app-id 1 >"$WORK/emulator.out" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 300); do grep -q '^http' "$WORK/emulator.out" && break; sleep 0.2; done
  endpoint=$(grep -m1 '^http' "$WORK/emulator.out") || { echo "memory run: could not measure: the emulator did not start ERROR"; exit 2; }
  journal="$WORK/$shape.journal"
  run=(-jar "$CLI_JAR" run "$input" --endpoint "$endpoint" --app-id 1 --journal "$journal" --qps 0 --provision
    --progress lines)
  log "$shape: run$( (( kill_after > 0 )) && echo " (killed after ${kill_after} s)") under -Xmx$heap ..."
  first=$(step run "$WORK/$shape.run.log" "$kill_after" "${run[@]}")
  log "$shape: resume ..."
  second=$(step resume "$WORK/$shape.resume.log" 0 "${run[@]}")
  log "$shape: verify ..."
  third=$(step verify "$WORK/$shape.verify.log" 0 -jar "$CLI_JAR" verify "$input" --endpoint "$endpoint" --app-id 1 \
    --qps 0)
  stop_emulator
  for s in "$first" "$second" "$third"; do
    [[ "$s" == *FAILED* ]] && status=1
  done
  [[ "$second" == *FAILED* ]] && tail -3 "$WORK/$shape.resume.log" >&2
  [[ "$third" == *FAILED* ]] && tail -3 "$WORK/$shape.verify.log" >&2
  if [[ "$third" != *FAILED* ]] && ! mentions_count "$WORK/$shape.verify.log" 0; then
    echo "memory run: could not measure: verify of $shape printed no count ERROR"; exit 2
  fi
  summary+=("$shape: $first, $second, $third")
  rm -f "$input"
done
line=$(IFS=';'; echo "${summary[*]}")
echo "memory run: $messages messages under -Xmx$heap: ${line//;/; } (goal: every step completes) $([[ $status -eq 0 ]] && echo PASS || echo FAIL)"
exit $status

#!/usr/bin/env bash
# Memory shapes through a whole migration (issue #13): for each shape (bench/memory-shape.py), `zim-migrate run
# --provision` against an emulator, stopped with SIGKILL after MEM_KILL_AFTER seconds, resumed (the same command
# again, to the end), then `verify`; only zim-migrate runs under -Xmx$MEM_HEAP, the emulator (`zim-migrate
# emulate --qps 0`, uncapped so the run takes minutes, not hours) has its own JVM and MEM_EMU_HEAP (3g).
# Reported per shape and step: exit code, wall time, peak RSS (VmHWM) and the largest heap left after a GC
# (-Xlog:gc), i.e. what the step held. Goal: every step completes (exit 0) under the heap.
# Knobs: MEM_MESSAGES (200,000), MEM_SHAPES ("users groups"), MEM_HEAP (256m), MEM_EMU_HEAP, MEM_KILL_AFTER (20 s;
# 0: no kill, the resume then finds nothing to send), MEM_GROUPS (2,000), MEM_MEMBERS (100), MEM_USERS (MESSAGES/2),
# MEM_SHAPE_OPTS (more generator options, e.g. "--once --shared-users --fast": see bench/memory-shape.py).
# MEM_LEFT=K (for shapes too big to send in a run, e.g. 2 M timelines): no first run; the journal is written as a run
# leaves it with all but the last K messages acknowledged and every user and group provisioned (bench
# GenerateHistory --input, P6's method, in its own JVM with BENCH_JAVA_OPTS), then the resume sends the K left and
# verify reads back every timeline. The emulator never saw the acknowledged messages, so verify reports them
# missing (exit 1): with MEM_LEFT it is measured for its memory, not its verdict. MEM_VERIFY=0 leaves verify out (it
# reads back every timeline: hours at 2 M). MEM_BEFORE_JAR=JAR measures that build too, first, on the same input.
# Profiling: MEM_GC_LOG=detail logs gc* (not only gc); MEM_HISTO=S takes `jcmd PID GC.class_histogram` every S
# seconds of a step and keeps the one taken when the heap was fullest (STEP.log.histo; a histogram forces a full
# GC, so it shows what is live). BENCH_KEEP=1 keeps the work dir, the input and the generated journal; MEM_REUSE=DIR
# takes a kept work dir's input and generated journal instead of generating them again (minutes at 2 M).
# MEM_STEP_KILL=S kills the resume and verify after S seconds too (10 M messages take hours to send or read back):
# they are then measured for what they hold until then (planning or the kept plan, the journal, the first sends).
source "$(dirname "$0")/lib.sh"
left="${MEM_LEFT:-}"
if [[ -n "$left" ]]; then ensure_built; else [[ -f "$CLI_JAR" && "${BENCH_REBUILD:-0}" != 1 ]] || ensure_built; fi
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
  local gcsel=gc next_histo best_histo=-1 used
  [[ "${MEM_GC_LOG:-}" != detail ]] || gcsel='gc*'
  "$JAVA" "-Xmx$heap" "-Xlog:$gcsel:file=$gclog" -Djava.io.tmpdir="$WORK" "$@" >"$out" 2>&1 &
  pid=$!
  next_histo=$(( $(date +%s) + ${MEM_HISTO:-0} ))
  while kill -0 "$pid" 2>/dev/null; do
    if (( ${MEM_HISTO:-0} > 0 && $(date +%s) >= next_histo )); then
      next_histo=$(( $(date +%s) + MEM_HISTO ))
      if jcmd "$pid" GC.class_histogram >"$out.histo.new" 2>/dev/null; then
        used=$(awk '/^Total/ {print $3}' "$out.histo.new")
        if (( ${used:-0} > best_histo )); then best_histo=$used; mv "$out.histo.new" "$out.histo"; fi
      fi
      rm -f "$out.histo.new"
    fi
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
  # Only the pauses that collect (Young, Mixed, Full): a Remark or Cleanup line shows the heap mid-marking, garbage
  # included, not what a collection left.
  heap_mib=$(grep -E 'Pause (Young|Full)' "$gclog" 2>/dev/null | grep -oE '[0-9]+M->[0-9]+M\(' \
    | sed -E 's/.*->([0-9]+)M\(/\1/' | sort -n | tail -1 || true)
  awk -v t0="$t0" -v t1="$t1" -v kb="$rss_kb" -v rc="$rc" -v h="${heap_mib:-0}" -v n="$name" 'BEGIN {
    printf "%s %s in %.1f s, peak RSS %.0f MiB, heap after GC <= %d MiB", n, rc == "0" ? "ok" : rc == "killed" ? "killed" : "FAILED (exit " rc ")", (t1 - t0) / 1e9, kb / 1024, h }'
}

start_emulator() {
  "$JAVA" "-Xmx${MEM_EMU_HEAP:-3g}" -jar "$CLI_JAR" emulate --qps 0 --app-id 1 >"$WORK/emulator.out" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 300); do grep -q '^http' "$WORK/emulator.out" && break; sleep 0.2; done
  endpoint=$(grep -m1 '^http' "$WORK/emulator.out") || { echo "memory run: could not measure: the emulator did not start ERROR"; exit 2; }
}

# Side by side: MEM_BEFORE_JAR's resume (and verify) first, then this build's, each on its own emulator and its own
# copy of the same journal (MEM_LEFT) or its own killed run.
sides=("now=$CLI_JAR")
[[ -z "${MEM_BEFORE_JAR:-}" ]] || sides=("before=$MEM_BEFORE_JAR" "now=$CLI_JAR")
status=0
summary=()
for shape in "${shapes[@]}"; do
  input="$WORK/$shape.jsonl"
  users="${MEM_USERS:-$((messages / 2))}"
  journal="$WORK/$shape.journal"
  generated="$WORK/$shape.generated"
  if [[ -n "${MEM_REUSE:-}" ]]; then
    log "$shape: input and generated journal from $MEM_REUSE"
    input="$MEM_REUSE/$shape.jsonl" # the same path: the journal and its kept plan name it
    generated="$MEM_REUSE/$shape.generated"
    now=$(cat "$MEM_REUSE/$shape.now")
  else
    log "generating $shape ($messages messages) ..."
    python3 "$BENCH_DIR/memory-shape.py" "$shape" "$messages" "$now" "$input" --groups "${MEM_GROUPS:-2000}" \
      --members "${MEM_MEMBERS:-100}" --users "$users" ${MEM_SHAPE_OPTS:-}
    echo "$now" >"$WORK/$shape.now"
  fi
  if [[ -n "$left" && -z "${MEM_REUSE:-}" ]]; then
    log "$shape: journal with all but $left messages acknowledged (GenerateHistory) ..."
    bench_main GenerateHistory --input "$input" --name "$input" --now "$now" --journal "$generated" \
      --acknowledged "$((messages - left))" --provisioned >&2
  fi
  for side in "${sides[@]}"; do
    label="${side%%=*}"; jar="${side#*=}"
    start_emulator
    rm -rf "$journal"
    [[ -z "$left" ]] || { mkdir -p "$journal"; cp -r "$generated/." "$journal"; }
    run=(-jar "$jar" run "$input" --endpoint "$endpoint" --app-id 1 --journal "$journal" --qps 0 --provision
      --progress lines)
    if [[ -n "$left" ]]; then
      first="journal written by the generator ($((messages - left)) messages acknowledged)"
    else
      log "$shape ($label): run$( (( kill_after > 0 )) && echo " (killed after ${kill_after} s)") under -Xmx$heap ..."
      first=$(step run "$WORK/$shape.run.log" "$kill_after" "${run[@]}")
    fi
    log "$shape ($label): resume ..."
    second=$(step resume "$WORK/$shape.resume.log" "${MEM_STEP_KILL:-0}" "${run[@]}")
    if [[ "${MEM_VERIFY:-1}" != 0 ]]; then
      log "$shape ($label): verify ..."
      third=$(step verify "$WORK/$shape.verify.log" "${MEM_STEP_KILL:-0}" -jar "$jar" verify "$input" --endpoint "$endpoint" --app-id 1 \
        --qps 0)
    else
      third="verify not run (MEM_VERIFY=0)"
    fi
    stop_emulator
    if [[ -n "$left" && "$third" == *"FAILED (exit 1)"* ]]; then
      third="${third/FAILED (exit 1)/measured (differences expected, exit 1)}"
    fi
    for s in "$first" "$second" "$third"; do
      [[ "$s" == *FAILED* ]] && status=1
    done
    [[ "$second" == *FAILED* ]] && tail -3 "$WORK/$shape.resume.log" >&2
    [[ "$third" == *FAILED* ]] && tail -3 "$WORK/$shape.verify.log" >&2
    if [[ -z "$left" && "${MEM_VERIFY:-1}" != 0 && "$third" != *FAILED* ]] && ! mentions_count "$WORK/$shape.verify.log" 0; then
      echo "memory run: could not measure: verify of $shape printed no count ERROR"; exit 2
    fi
    tag=""; (( ${#sides[@]} == 1 )) || tag=" ($label)"
    summary+=("$shape$tag: $first, $second, $third")
    log "${summary[-1]}"
  done
  if [[ "${BENCH_KEEP:-0}" != 1 && -z "${MEM_REUSE:-}" ]]; then rm -rf "$generated"; rm -f "$input"; fi
done
line=$(IFS=';'; echo "${summary[*]}")
echo "memory run: $messages messages under -Xmx$heap: ${line//;/; } (goal: every step completes) $([[ $status -eq 0 ]] && echo PASS || echo FAIL)"
exit $status

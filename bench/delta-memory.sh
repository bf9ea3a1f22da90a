#!/usr/bin/env bash
# Delta runs at scale (issue 15): a journal that settles every message of an earlier export, then `zim-migrate plan`
# (its delta view) and `run` of a newer export (the earlier one plus new, late and changed messages) with that same
# journal, through the real jar under -Xmx$DELTA_HEAP, against an emulator (the driver's, at ZIM's 20/s).
# How the journal is made: importing millions of messages one by one would take hours at ZIM's cap, so
# io.zimmigrate.bench.DeltaExports writes both exports and the journal directory a finished run of the earlier one
# leaves (core's own planner, every import call acknowledged, the plan kept beside the journal; as p6-resume.sh).
# Reported per shape and step: wall time, peak RSS (VmHWM) and the largest heap left after a GC (-Xlog:gc), and for
# the run the time from start to the first new send. The delta run is stopped (SIGTERM) at its first send and run
# again (DELTA_RESUME=0: not): that resume's time to its first send is P6's (<= 2 s with 1M settled messages); each
# JVM writes a GC log of its own, so the heap figure is given for the delta run and for its resume. Goal:
# both steps complete under the heap, nothing settled is sent again, exactly the new messages arrive.
# Shapes: group = one group of DELTA_MESSAGES; pairs = DELTA_MESSAGES/5 one-to-one conversations (two timelines
# each, as bench/memory-shape.py's pairs); users = one-to-one messages among DELTA_USERS users (1,000,000), as
# memory-shape.py's users shape: DELTA_MESSAGES >= DELTA_USERS makes DELTA_USERS conversations, 2 x DELTA_USERS
# timelines (DELTA_MESSAGES=1000000 DELTA_SHAPES=users: 2 M timelines, 1 M users). Knobs: DELTA_MESSAGES (2,000,000), DELTA_SHAPES ("group pairs"),
# DELTA_HEAP (256m), DELTA_NEW (100), DELTA_LATE (10), DELTA_CHANGED (10); DELTA_JAR measures another build's jar;
# DELTA_JARS="before=/path/a.jar after=/path/b.jar" measures several jars side by side on the same exports (each on
# its own copy of the journal, in the order given), so one generation serves a before/after comparison.
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
CLI_JAR="${DELTA_JAR:-$CLI_JAR}"
read -r -a jars <<<"${DELTA_JARS:-jar=$CLI_JAR}"
messages="${DELTA_MESSAGES:-2000000}"
heap="${DELTA_HEAP:-256m}"
new="${DELTA_NEW:-100}"
late="${DELTA_LATE:-10}"
changed="${DELTA_CHANGED:-10}"
read -r -a shapes <<<"${DELTA_SHAPES:-group pairs}"
resume=(--resume)
[[ "${DELTA_RESUME:-1}" == 1 ]] || resume=()
now=$(( $(date +%s) * 1000 ))

# heap_after_gc GCLOG: the largest heap (MiB) left after any GC of the log
heap_after_gc() { grep -oE '[0-9]+M->[0-9]+M\(' "$1" 2>/dev/null | sed -E 's/.*->([0-9]+)M\(/\1/' | sort -n | tail -1; }
# heaps_after_gc PREFIX: heap_after_gc of each GC log PREFIX-<pid>.gc, oldest first ("delta run / resume")
heaps_after_gc() {
  local f out=()
  for f in $(ls -tr "$1"-*.gc 2>/dev/null); do out+=("$(heap_after_gc "$f")"); done
  (IFS=/; echo "${out[*]}")
}

status=0
summary=()
for shape in "${shapes[@]}"; do
  dir="$WORK/$shape"
  mkdir -p "$dir"
  conv=(--groups 1)
  calls_per_message=1
  if [[ "$shape" == pairs ]]; then conv=(--pairs $(( messages / 5 > 0 ? messages / 5 : 1 ))); calls_per_message=2; fi
  if [[ "$shape" == users ]]; then conv=(--users "${DELTA_USERS:-1000000}"); calls_per_message=2; fi
  log "$shape: writing both exports ($messages messages) and the journal of the earlier one ..."
  made=$(bench_main DeltaExports --messages "$messages" "${conv[@]}" --now "$now" --new "$new" --late "$late" \
    --changed "$changed" --previous "$dir/previous.jsonl" --next "$dir/next.jsonl" --journal "$dir/journal")
  log "$made"
  first_new=$(echo "$made" | sed -n 's/.*first-new=\([0-9]*\).*/\1/p')
  rm -f "$dir/previous.jsonl"

  for labelled in "${jars[@]}"; do
    label="${labelled%%=*}"; jar="${labelled#*=}"
    cp -r "$dir/journal" "$dir/journal-$label"
    log "$shape, $label: plan (delta view) under -Xmx$heap ..."
    t0=$(date +%s%N)
    "$JAVA" "-Xmx$heap" "-Xlog:gc:file=$dir/plan-$label.gc" -Djava.io.tmpdir="$dir" -jar "$jar" plan "$dir/next.jsonl" \
      --journal "$dir/journal-$label" >"$dir/plan-$label.log" 2>&1 &
    pid=$!; rss_kb=0
    while kill -0 "$pid" 2>/dev/null; do
      hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      (( ${hwm:-0} > rss_kb )) && rss_kb=$hwm
      sleep 0.2
    done
    wait "$pid" && rc=0 || rc=$?
    t1=$(date +%s%N)
    if [[ $rc -ne 0 ]] || ! grep -q "^delta, new:" "$dir/plan-$label.log"; then
      status=1; tail -5 "$dir/plan-$label.log" >&2
      plan_text="plan FAILED (exit $rc)"
    else
      plan_text=$(awk -v t0="$t0" -v t1="$t1" -v kb="$rss_kb" -v h="$(heap_after_gc "$dir/plan-$label.gc")" 'BEGIN {
        printf "plan in %.1f s, peak RSS %.0f MiB, heap after GC <= %d MiB", (t1 - t0) / 1e9, kb / 1024, h }')
    fi
    grep "^delta" "$dir/plan-$label.log" >&2 || true

    log "$shape, $label: run of the newer export with the same journal under -Xmx$heap ..."
    # shellcheck disable=SC2046
    line=$("$JAVA" ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$BENCH_JAR" io.zimmigrate.bench.DeltaRun "${resume[@]}" --first-new "$first_new" \
      --messages "$messages" --late "$late" --expect $(( new * calls_per_message )) --log "$dir/run-$label.log" -- "$JAVA" "-Xmx$heap" "-Xlog:gc:file=$dir/run-$label-%p.gc" \
      -Djava.io.tmpdir="$dir" -jar "$jar" run "$dir/next.jsonl" --endpoint "{endpoint}" --app-id "{app-id}" \
      --journal "$dir/journal-$label" --progress lines) || true
    grep -E "^delta" "$dir/run-$label.log" >&2 || true
    if [[ "$line" != "delta run: first"* ]]; then
      status=1; log "$shape, $label: $line"; tail -5 "$dir/run-$label.log" >&2
      run_text="run FAILED (${line:-no result line})"
    else
      # exit 1 is expected: the late and changed messages are rejections
      [[ "$line" == *"exit 0" || "$line" == *"exit 1" ]] || status=1
      run_text="run: ${line#delta run: }, heap after GC <= $(heaps_after_gc "$dir/run-$label") MiB (delta run/resume)"
    fi
    summary+=("$shape ($label): $plan_text; $run_text")
    rm -rf "$dir/journal-$label"
  done
  rm -rf "$dir"
done
line=$(IFS='|'; echo "${summary[*]}")
echo "delta memory: $messages settled messages + $new new, $late late, $changed changed under -Xmx$heap: ${line//|/ | } (goal: both steps complete) $([[ $status -eq 0 ]] && echo PASS || echo FAIL)"
exit $status

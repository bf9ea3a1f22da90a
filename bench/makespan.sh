#!/usr/bin/env bash
# Makespan of a skewed history against the physical limit (issue #13): one hot group of recent messages plus many
# small older groups, the emulator capped at 20/s per action and answering after MAKESPAN_DELAY_MS. No schedule can
# finish sooner than max(calls / cap, longest timeline × round trip); the round trip is the run's own (the median of
# its `forecast:` lines). Each order in MAKESPAN_ORDERS runs on a fresh emulator, side by side in this invocation
# (alternating over MAKESPAN_ROUNDS); the goal is for the first. Figure: limit / makespan (server-side arrivals).
# Goal: >= 0.95 and 0 throttled.
# Knobs (defaults: the issue's measured shape): MAKESPAN_HOT (1500), MAKESPAN_SMALL (300), MAKESPAN_BIGGEST (5),
# MAKESPAN_ZIPF (0: all small groups the same size), MAKESPAN_DELAY_MS (100), MAKESPAN_SEED, TRANSPORT,
# MAKESPAN_ORDERS (critical-path,deadline-first: the schedule, then the deadline-first baseline), MAKESPAN_ROUNDS (1).
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
bench_main SkewedHistory --hot "${MAKESPAN_HOT:-1500}" --small "${MAKESPAN_SMALL:-300}" \
  --biggest "${MAKESPAN_BIGGEST:-5}" --zipf "${MAKESPAN_ZIPF:-0}" --seed "${MAKESPAN_SEED:-1}" \
  --out "$WORK/history.jsonl" >&2
# shellcheck disable=SC2046
bench_main Makespan --delay-ms "${MAKESPAN_DELAY_MS:-100}" --qps 20 --goal 0.95 \
  --orders "${MAKESPAN_ORDERS:-${MAKESPAN_ORDER:-critical-path,deadline-first}}" --rounds "${MAKESPAN_ROUNDS:-1}" \
  --log-dir "$WORK/logs" -- $(cli_run "$WORK/history.jsonl" "$WORK/journal-{run}" --qps 20 \
  --transport "${TRANSPORT:-vertx}" --lane-order "{order}")

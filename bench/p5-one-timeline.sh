#!/usr/bin/env bash
# P5 one timeline: the emulator (cap 20/s) answers every request after 50 ms; `zim-migrate run` imports one
# timeline of 200 messages, which can go only one request at a time. Figure: its server-side rate / 1/RTT, where
# RTT is measured in the same run by a bare client posting the same signed bodies back to back; best of 3 interleaved rounds each. Goal: >= 0.95.
# Knobs: P5_MESSAGES, P5_DELAY_MS, TRANSPORT.
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
generate --messages "${P5_MESSAGES:-200}" --groups 1 --seed 5 --out "$WORK/history.jsonl"
# shellcheck disable=SC2046
bench_main OneTimeline --delay-ms "${P5_DELAY_MS:-50}" --qps 20 --goal 0.95 --input "$WORK/history.jsonl" \
  --rounds "${P5_ROUNDS:-3}" --log-dir "$WORK/logs" -- $(cli_run "$WORK/history.jsonl" "$WORK/journal-{run}" --qps 20 --transport "${TRANSPORT:-vertx}")

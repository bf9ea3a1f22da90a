#!/usr/bin/env bash
# P1 pacing: against the emulator capped at 20 requests/s per action, `zim-migrate run` imports 640 group messages
# spread over 16 timelines. Measured at the server: the import rate from the first arrival to the last, and the
# throttled answers. Goal: >= 19.8/s and 0 throttled (and every call stored once).
# Knobs: P1_MESSAGES, P1_TIMELINES, TRANSPORT (vertx|feign).
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
messages="${P1_MESSAGES:-640}"
timelines="${P1_TIMELINES:-16}"
generate --messages "$messages" --groups "$timelines" --seed 1 --out "$WORK/history.jsonl"
# shellcheck disable=SC2046
bench_main Pacing --qps 20 --goal 19.8 --expect "$messages" --timelines "$timelines" --log "$WORK/run.log" \
  -- $(cli_run "$WORK/history.jsonl" "$WORK/journal" --qps 20 --transport "${TRANSPORT:-vertx}")

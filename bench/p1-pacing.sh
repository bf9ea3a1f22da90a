#!/usr/bin/env bash
# P1 pacing: against the emulator capped at 20 requests/s per action, `zim-migrate run` imports 640 group messages
# spread over 16 timelines. Measured at the server: the import rate from the first arrival to the last, and the
# throttled answers. Goal: >= 19.8/s and 0 throttled (and every call stored once).
# Both actions at once: P1_PAIRS one-to-one conversations beside the groups (two ImportPeerMsg calls a message), say
# P1_MESSAGES=960 P1_PAIRS=8: about 640 calls of each action, each action at its own cap of 20/s, 40/s together.
# Knobs: P1_MESSAGES, P1_TIMELINES (groups), P1_PAIRS, TRANSPORT (vertx|feign).
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
messages="${P1_MESSAGES:-640}"
timelines="${P1_TIMELINES:-16}"
pairs="${P1_PAIRS:-0}"
generate --messages "$messages" --groups "$timelines" --pairs "$pairs" --seed 1 --out "$WORK/history.jsonl"
# Calls the emulator should store: one per group message, one per view of a one-to-one message.
group_messages=$(grep -c '"GroupId"' "$WORK/history.jsonl" || true)
calls=$((group_messages + 2 * (messages - group_messages)))
# shellcheck disable=SC2046
bench_main Pacing --qps 20 --goal 19.8 --expect "$calls" --timelines "$((timelines + 2 * pairs))" \
  --log "$WORK/run.log" \
  -- $(cli_run "$WORK/history.jsonl" "$WORK/journal" --qps 20 --transport "${TRANSPORT:-vertx}")

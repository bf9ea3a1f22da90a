#!/usr/bin/env bash
# P6 resume: a journal holding 1M acknowledged messages (written by the generator in the engine's own line format,
# for the plan core computes of the same file) and 1,000 messages still to send; time from starting
# `zim-migrate run` to the first new import arriving at the emulator. Goal: <= 2 s.
# Knobs: P6_ACKNOWLEDGED, P6_NEW.
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
ack="${P6_ACKNOWLEDGED:-1000000}"
new="${P6_NEW:-1000}"
input="$WORK/history.jsonl"
generate --messages $((ack + new)) --groups 1000 --seed 6 --out "$input" --journal "$WORK/journal" \
  --acknowledged "$ack" --name "$input"
# shellcheck disable=SC2046
bench_main Resume --acknowledged "$ack" --goal-ms 2000 --log "$WORK/run.log" \
  -- $(cli_run "$input" "$WORK/journal" --transport "${TRANSPORT:-vertx}")

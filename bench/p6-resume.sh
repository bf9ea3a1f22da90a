#!/usr/bin/env bash
# P6 resume: a journal directory as a run leaves it after ZIM acknowledged 1M messages (compacted log, kept plan;
# written by the generator with core's own classes for the plan `zim-migrate run` computes of the same file) and
# 1,000 messages still to send; time from starting `zim-migrate run` to the first new import arriving at the
# emulator. Goal: <= 2 s.
# Knobs: P6_ACKNOWLEDGED, P6_NEW; P6_KEPT_PLAN=0 leaves the kept plan out (the full re-plan path, no goal).
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
ack="${P6_ACKNOWLEDGED:-1000000}"
new="${P6_NEW:-1000}"
input="$WORK/history.jsonl"
kept=()
expect="resuming with the plan kept"
if [[ "${P6_KEPT_PLAN:-1}" == 0 ]]; then
  kept=(--no-kept-plan)
  expect="planning the input again"
fi
generate --messages $((ack + new)) --groups 1000 --seed 6 --out "$input" --journal "$WORK/journal" \
  --acknowledged "$ack" --name "$input" "${kept[@]}"
rc=0
# shellcheck disable=SC2046
bench_main Resume --acknowledged "$ack" --goal-ms 2000 --log "$WORK/run.log" \
  -- $(cli_run "$input" "$WORK/journal" --transport "${TRANSPORT:-vertx}") || rc=$?
# The figure only counts if the run took the path this measurement is about.
if [[ "${BENCH_RUNNER:-cli}" == cli ]] && ! grep -q "^$expect" "$WORK/run.log"; then
  log "the run did not say '$expect':"; head -5 "$WORK/run.log" >&2
  exit 2
fi
grep -E "^(resuming|planning)" "$WORK/run.log" >&2 || true
exit "$rc"

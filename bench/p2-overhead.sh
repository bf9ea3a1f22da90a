#!/usr/bin/env bash
# P2 overhead: the emulator uncapped; `zim-migrate run --qps 0` with each transport against a bare Vert.x Web Client
# loop posting the same signed bodies with the same concurrency (one request in flight per timeline), same run,
# same machine, best of 3 interleaved rounds each. Figure: transport rate / baseline rate. Goal: >= 0.8 each.
# Knobs: P2_MESSAGES, P2_GROUPS, P2_PAIRS, P2_ROUNDS, P2_TRANSPORTS.
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
generate --messages "${P2_MESSAGES:-20000}" --groups "${P2_GROUPS:-24}" --pairs "${P2_PAIRS:-8}" --seed 2 \
  --out "$WORK/history.jsonl"
# Each contender starts on a fresh journal: {transport} and the round make the directory unique per process.
# shellcheck disable=SC2046
bench_main Overhead --input "$WORK/history.jsonl" --transports "${P2_TRANSPORTS:-vertx,feign}" \
  --rounds "${P2_ROUNDS:-3}" --goal 0.8 --log-dir "$WORK/logs" \
  -- $(cli_run "$WORK/history.jsonl" "$WORK/journal-{transport}-{run}" --qps 0 --transport "{transport}")

#!/usr/bin/env bash
# P1 with media (issue 16): "imports keep their pace while copying". The same history of file messages, each
# with its own attachment of P1M_SIZE_KB on a loopback file host that answers after P1M_HOST_DELAY_MS, imported by
# `zim-migrate run` against the emulator capped at 20 requests/s twice in one run: plain (original URLs kept), and
# with --media-to DIR (every file copied while importing). Reports the server-side import rate of both.
# Goal: both >= 19.8/s, 0 throttled, every message stored and every file copied.
# Knobs: P1M_MESSAGES (640), P1M_TIMELINES (16), P1M_SIZE_KB (64), P1M_HOST_DELAY_MS (100), TRANSPORT (vertx|feign).
# (Named media-pacing.sh, not p1-…: run-all.sh picks a figure by the glob "p1-*.sh", which must match one script.)
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
bench_main PacingWithMedia --cli-jar "$CLI_JAR" --work "$WORK" --qps 20 --goal 19.8 \
  --messages "${P1M_MESSAGES:-640}" --timelines "${P1M_TIMELINES:-16}" --size-kb "${P1M_SIZE_KB:-64}" \
  --host-delay-ms "${P1M_HOST_DELAY_MS:-100}" --transport "${TRANSPORT:-vertx}"

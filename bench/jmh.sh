#!/usr/bin/env bash
# JMH benchmarks of the per-message hot path: parse, validate, plan (encode/decode/sort), sign, encode, and the
# whole pipeline per message. Short settings by default (about 2 minutes); JMH_ARGS replaces them, and any
# further arguments go to JMH (e.g. a regex: bench/jmh.sh Sign).
#   bench/jmh.sh                                  # all, short
#   JMH_ARGS="-f 2 -wi 5 -i 10" bench/jmh.sh      # all, steadier
source "$(dirname "$0")/lib.sh"
ensure_built
log "machine: $(machine)"
# shellcheck disable=SC2086
exec "$JAVA" -jar "$BENCH_JAR" ${JMH_ARGS:--f 1 -wi 2 -w 1s -i 3 -r 1s} "$@"

#!/usr/bin/env bash
# Runs P1..P6 one after the other (about 15 minutes on 2 cores) and prints their result lines; exits non-zero when
# any goal is missed or a figure could not be measured. `bench/run-all.sh p1 p3` runs only those.
source "$(dirname "$0")/lib.sh"
ensure_built
log "machine: $(machine)"
scripts=("$@")
(( ${#scripts[@]} )) || scripts=(p1 p2 p3 p4 p5 p6)
status=0
results=()
for s in "${scripts[@]}"; do
  script=$(ls "$BENCH_DIR"/"$s"-*.sh)
  log "running $(basename "$script") ..."
  line=$("$script") || status=1
  results+=("$line")
  echo "$line"
done
log "summary ($(machine)):"
printf '%s\n' "${results[@]}" >&2
exit $status

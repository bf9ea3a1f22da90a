#!/usr/bin/env bash
# CPU time per thread of one process, e.g. to see which thread of `validate` sets the pace and what the JIT and GC
# take (P3): bench/thread-cpu.sh java -jar adapter-cli/target/zim-migrate.jar validate FILE
# Runs the command (its output discarded), reads every thread's utime + stime from /proc every 0.1 s until it
# ends, and prints each busy thread's CPU seconds (names as the kernel keeps them: 15 characters; the JVM's main
# thread shows as "java") and the sum. On a loaded box these are still CPU times, not wall times.
set -euo pipefail
(($# > 0)) || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
"$@" > /dev/null &
pid=$!
declare -A cpu name
tck=$(getconf CLK_TCK)
while kill -0 "$pid" 2> /dev/null; do
  for t in /proc/"$pid"/task/*; do
    tid=${t##*/}
    s=$(cat "$t/stat" 2> /dev/null) || continue
    rest=${s##*) }
    read -r -a f <<< "$rest"
    cpu[$tid]=$((f[11] + f[12]))
    n=${s#*(}
    name[$tid]=${n%)*}
  done
  sleep 0.1
done
wait "$pid" || echo "(the command exited with $?)"
for tid in "${!cpu[@]}"; do echo "${cpu[$tid]} ${name[$tid]}"; done | sort -rn \
  | awk -v t="$tck" '{s += $1; if ($1 > 0) printf "%7.2f s  %s\n", $1 / t, $2} END {printf "all threads: %.2f s\n", s / t}'

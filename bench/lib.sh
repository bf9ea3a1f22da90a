# Shared by the bench/ scripts: where things are, building what is missing, a scratch directory, and the machine.
# Sourced, not run. Every script prints ONE result line on stdout; progress and details go to stderr.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
CLI_JAR="$ROOT/adapter-cli/target/zim-migrate.jar"
JAVA="${JAVA:-java}"

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# Builds the CLI jar and the bench jar when one is missing (or always with BENCH_REBUILD=1).
# Never `mvn install`: the reactor at the root is enough.
ensure_built() {
  if [[ "${BENCH_REBUILD:-0}" == 1 || ! -f "$BENCH_JAR" || ! -f "$CLI_JAR" ]]; then
    log "building (mvn -B -q package -DskipTests) ..."
    (cd "$ROOT" && mvn -B -q package -DskipTests ${MVN_OPTS:-}) >&2
  fi
}

# A scratch directory under $BENCH_TMP (default: the system temp dir), removed on exit unless BENCH_KEEP=1.
make_workdir() {
  WORK="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/zim-bench-XXXXXX")"
  if [[ "${BENCH_KEEP:-0}" != 1 ]]; then
    trap 'rm -rf "$WORK"' EXIT
  else
    log "keeping $WORK"
  fi
}

# "2 cores, 23.4 GiB" for the result table.
machine() {
  local mem_kb
  mem_kb=$(awk '/MemTotal/ {print $2}' /proc/meminfo)
  echo "$(nproc) cores, $(awk -v k="$mem_kb" 'BEGIN {printf "%.1f", k/1048576}') GiB"
}

bench_main() { # CLASS ARGS... : runs a bench driver from the bench jar
  local cls="$1"; shift
  "$JAVA" ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$BENCH_JAR" "io.zimmigrate.bench.$cls" "$@"
}

generate() { # ARGS... : GenerateHistory
  bench_main GenerateHistory "$@" >&2
}

# The `zim-migrate run` command the drivers start, with their placeholders ({endpoint}, {app-id}; P2 adds
# {transport}). One place to keep in step with the CLI's flags. The secret reaches it through ZIM_SERVER_SECRET.
# BENCH_RUNNER=engine swaps the CLI for io.zimmigrate.bench.EngineRun (core's engine over a bench gateway).
cli_run() { # INPUT JOURNAL_DIR [EXTRA_ARGS...]
  local input="$1" journal="$2"; shift 2
  if [[ "${BENCH_RUNNER:-cli}" == engine ]]; then
    echo "$JAVA" ${CLI_JAVA_OPTS:-} -cp "$BENCH_JAR" io.zimmigrate.bench.EngineRun "$input" --endpoint "{endpoint}" \
      --app-id "{app-id}" --journal "$journal" "$@"
  else
    echo "$JAVA" ${CLI_JAVA_OPTS:-} -jar "$CLI_JAR" run "$input" --endpoint "{endpoint}" --app-id "{app-id}" \
      --journal "$journal" "$@"
  fi
}

# Wall-clock seconds of a command (stdout and stderr to a log), e.g.: secs=$(seconds LOG cmd args...)
seconds() {
  local log="$1"; shift
  local t0 t1
  t0=$(date +%s%N)
  if ! "$@" >"$log" 2>&1; then
    log "failed: $* (log $log):"; tail -20 "$log" >&2
    return 1
  fi
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b-a)/1e9}'
}

# True when LOG mentions the number N (as 1000000, 1,000,000 or 1 000 000): a guard against timing a command that
# did not actually go through the file (e.g. a CLI without that subcommand yet).
mentions_count() { # LOG N
  local grouped
  grouped=$(echo "$2" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
  grep -qE "(^|[^0-9,])($2|$grouped|${grouped//,/ }|${grouped//,/_})([^0-9,]|$)" "$1"
}

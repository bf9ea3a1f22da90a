#!/usr/bin/env bash
# P2 diagnostic (no goal): where the Feign transport's CPU goes. An emulator runs in its own process
# (`zim-migrate emulate --qps 0`); io.zimmigrate.bench.FeignLayers posts the same request through the Vert.x Web
# Client, the JDK HttpClient alone, Feign's Http2Client adapter, and Feign's proxy, and prints its own CPU time per
# call for each, best of interleaved rounds. Knobs: P2L_CALLS, P2L_ROUNDS, P2L_THREADS.
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
ZIM_SERVER_SECRET="bench-secret-$RANDOM$RANDOM" "$JAVA" -jar "$CLI_JAR" emulate --qps 0 >"$WORK/emulator.log" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null; [[ "${BENCH_KEEP:-0}" == 1 ]] || rm -rf "$WORK"' EXIT
for _ in $(seq 100); do
  endpoint=$(grep -m1 -o 'http://[0-9.:]*' "$WORK/emulator.log" || true)
  [[ -n "$endpoint" ]] && break
  sleep 0.1
done
[[ -n "$endpoint" ]] || { echo "P2 Feign layers: could not measure: the emulator did not start ERROR"; exit 2; }
bench_main FeignLayers --endpoint "$endpoint" --calls "${P2L_CALLS:-15000}" --rounds "${P2L_ROUNDS:-3}" \
  --threads "${P2L_THREADS:-32}"

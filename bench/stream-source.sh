#!/usr/bin/env bash
# Stream Chat source: `zim-migrate validate` (format chosen by content) on one generated history written three
# ways, each a whole JVM process under a small heap: the canonical JSONL (baseline), a minified one-line Stream v1
# export and a Stream v2 export. Prints wall time and peak RSS of each. Knobs: STREAM_MESSAGES (600000),
# STREAM_HEAP (64m). Needs python3 and the shaded jar (mvn -B -q package -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/adapter-cli/target/zim-migrate.jar"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/bench/stream-export.py" "${STREAM_MESSAGES:-600000}" "$work"
for f in history.jsonl stream-v1.json stream-v2.jsonl; do
  /usr/bin/time -f "$f: $(du -m "$work/$f" | cut -f1) MB, wall %e s, peak RSS %M KB" \
    java "-Xmx${STREAM_HEAP:-64m}" -jar "$jar" validate "$work/$f" --now 2024-11-20T12:00:00Z > "$work/out.txt" 2> "$work/err.txt" \
    || { echo "$f: validate failed"; tail -3 "$work/err.txt"; exit 2; }
  tail -1 "$work/err.txt"
  grep -m1 '^Read' "$work/out.txt"
done

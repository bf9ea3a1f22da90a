#!/usr/bin/env bash
# Issue 15, the full delta's crash window through the real jar: a journal that settles an earlier export (written by
# io.zimmigrate.bench.DeltaExports, as delta-memory.sh), a delta run of a newer export (new, late, changed messages)
# killed with SIGKILL right after it says "delta:" (its journal is rewritten for the new export by then), then a run
# of that export with CW_GROWN lines appended (the export changed again before the restart), with the same journal,
# against the driver's emulator. PASS: not refused, nothing imported earlier sent again, no message twice, every new
# message in ZIM. Knobs: CW_MESSAGES (100000: the bigger, the longer main's plan keep after the rewrite lasts),
# CW_NEW (50), CW_LATE (5), CW_CHANGED (5), CW_GROWN (5), CW_JAR (another build's CLI jar, e.g. main's).
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
jar="${CW_JAR:-$CLI_JAR}"
messages="${CW_MESSAGES:-100000}"; new="${CW_NEW:-50}"; late="${CW_LATE:-5}"; changed="${CW_CHANGED:-5}"
grown_lines="${CW_GROWN:-5}"
now=$(( $(date +%s) * 1000 ))
made=$(bench_main DeltaExports --messages "$messages" --groups 1 --now "$now" --new "$new" --late "$late" \
  --changed "$changed" --previous "$WORK/previous.jsonl" --next "$WORK/next.jsonl" --journal "$WORK/journal")
log "$made"
first_new=$(echo "$made" | sed -n 's/.*first-new=\([0-9]*\).*/\1/p')
# The grown export: the next one and CW_GROWN more messages, a second apart after its last, Ids and bodies numbered on.
python3 - "$WORK/next.jsonl" "$WORK/grown.jsonl" "$grown_lines" <<'PY'
import json, sys, shutil
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
shutil.copyfile(src, dst)
lines = open(src).read().splitlines()
last = json.loads(lines[-1])
with open(dst, "a") as out:
    for i in range(1, n + 1):
        m = dict(last)
        index = len(lines) - 1 + i
        m["Id"] = "m%d" % index
        m["MessageBody"] = {"Message": "m%d: grown after the kill" % index}
        m["SendMessageTime"] = last["SendMessageTime"] + 1000 * i
        out.write(json.dumps(m) + "\n")
PY
line=$("$JAVA" ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$BENCH_JAR" io.zimmigrate.bench.DeltaCrashWindow --next "$WORK/next.jsonl" \
  --grown "$WORK/grown.jsonl" --first-new "$first_new" --messages "$messages" --late "$late" \
  --expect $(( new + grown_lines )) --log "$WORK/run.log" -- "$JAVA" -Xmx512m -Djava.io.tmpdir="$WORK" -jar "$jar" run \
  "{input}" --endpoint "{endpoint}" --app-id "{app-id}" --journal "$WORK/journal" --progress lines) && rc=0 || rc=$?
grep -hE "^delta|refus|different input" "$WORK/run.log" "$WORK/run.log.grown" >&2 || true
echo "${line:-delta crash window: FAILED}" "$([[ $rc -eq 0 && "$line" == *"none twice"* ]] && echo PASS || echo FAIL)"
[[ $rc -eq 0 ]]

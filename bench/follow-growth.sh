#!/usr/bin/env bash
# Issue 15, `run --follow`: what one growth of a followed JSON Lines file costs. A history of FG_MESSAGES lines whose
# journal already settles every one (written by GenerateHistory, as for P6), followed by one `run --follow` process
# (a rehearsal, --qps 0); FG_ROUNDS times FG_APPEND lines are appended (then one line, FG_ROUNDS times), and the time
# from the follow noticing the growth ("follow: importing") to it waiting again is taken from its timestamped
# stderr, split at "planned:" (check the earlier lines are unchanged, plan the appended lines alone, merge them with
# the kept plan, rewrite the journal, keep the merged plan; before session 9: read, validate and sort the whole grown
# file and compare it with the kept plan) and the rest (send the new calls). Run it from main's tree too, for the
# figures before (issue 15: a growth used to cost a plan of the whole file, whatever was appended).
# Knobs: FG_MESSAGES (default 100000), FG_APPEND (default 1000), FG_ROUNDS (default 3).
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
messages="${FG_MESSAGES:-100000}"
append="${FG_APPEND:-1000}"
rounds="${FG_ROUNDS:-3}"
input="$WORK/history.jsonl"
generate --messages "$messages" --groups 1000 --seed 15 --out "$input" --journal "$WORK/journal" \
  --acknowledged "$messages" --name "$input"

err="$WORK/follow.err"
: > "$err"
"$JAVA" ${CLI_JAVA_OPTS:-} -jar "$CLI_JAR" run "$input" --follow --follow-poll-ms 200 --qps 0 --journal "$WORK/journal" \
  --progress lines > "$WORK/follow.out" 2> >(while IFS= read -r l; do echo "$(date +%s.%N) $l"; done > "$err") &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$WORK"' EXIT

waits() { grep -c "follow: .* waiting for" "$err" || true; }
await_waits() { # N: until the follow printed its Nth waiting line
  local deadline=$((SECONDS + 600))
  while (( $(waits) < $1 )); do
    kill -0 "$pid" 2>/dev/null || { log "the follow ended:"; tail -20 "$err" >&2; echo "follow growth: could not measure ERROR"; exit 2; }
    (( SECONDS < deadline )) || { echo "follow growth: timed out ERROR"; exit 2; }
    sleep 0.05
  done
}
await_waits 1
first_import=$(awk '/follow: importing/ {t=$1} /follow: .* waiting for/ {print t; exit}' "$err")
first_done=$(awk '/follow: .* waiting for/ {print $1; exit}' "$err")
log "first import (resume of the settled journal, a full plan of $messages lines): $(awk -v a="$first_import" -v b="$first_done" 'BEGIN {printf "%.2f", b-a}') s"

now_ms=$(( $(date +%s) * 1000 ))
next=0
results=()
for size in "$append" 1; do
  for ((r = 1; r <= rounds; r++)); do
    before=$(waits)
    lines=""
    for ((i = 0; i < size; i++)); do
      lines+="{\"Id\":\"follow-$next\",\"GroupId\":\"g-follow\",\"FromUserId\":\"u-1\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"appended $next\"},\"SendMessageTime\":$((now_ms + next))}"$'\n'
      next=$((next + 1))
    done
    printf '%s' "$lines" >> "$input"
    await_waits $((before + 1))
    # The last import's three timestamps: noticed, planned (and rebased), waiting again.
    read -r t0 t1 t2 < <(awk '/follow: importing/ {a=$1; p=""} /planned:/ {p=$1} /follow: .* waiting for/ {w=$1} END {print a, p, w}' "$err")
    line=$(awk -v a="$t0" -v p="$t1" -v w="$t2" 'BEGIN {printf "%.2f %.2f %.2f", w-a, p-a, w-p}')
    log "append $size: growth import $(echo "$line" | cut -d' ' -f1) s (plan+delta $(echo "$line" | cut -d' ' -f2) s, send+keep $(echo "$line" | cut -d' ' -f3) s)"
    results+=("$size:$(echo "$line" | cut -d' ' -f1)")
  done
done
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
big=$(printf '%s\n' "${results[@]}" | awk -F: -v s="$append" '$1 == s {print $2}' | tr '\n' ' ' | median)
one=$(printf '%s\n' "${results[@]}" | awk -F: '$1 == 1 {print $2}' | tr '\n' ' ' | median)
echo "follow growth: a followed file of $messages settled lines: $append lines appended cost median $big s per import, 1 line $one s (rounds: ${results[*]}; $(machine)) INFO"

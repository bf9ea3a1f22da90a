#!/usr/bin/env python3
"""Writes one history three ways for bench/stream-source.sh: canonical JSONL (the baseline), a minified one-line
Stream v1 export and a Stream v2 export. Usage: stream-export.py MESSAGES OUTDIR"""
import datetime, json, os, sys

n, out = int(sys.argv[1]), sys.argv[2]
users = ["alice", "bob", "carol", "dave"]
chans = [("messaging", "general", users), ("messaging", "!members-ab", ["alice", "bob"]), ("livestream", "keynote", users)]
compact = dict(separators=(",", ":"))
with open(os.path.join(out, "history.jsonl"), "w") as canon, open(os.path.join(out, "stream-v1.json"), "w") as v1, \
        open(os.path.join(out, "stream-v2.jsonl"), "w") as v2:
    v1.write('{"channels":[')
    for ci, (kind, cid_id, members) in enumerate(chans):
        cid = kind + ":" + cid_id
        channel = {"id": cid_id, "type": kind, "cid": cid, "member_count": len(members)}
        v1.write(("," if ci else "") + '{"channel":' + json.dumps(channel, **compact) + ',"members":'
                 + json.dumps([{"user_id": u, "user": {"id": u}} for u in members], **compact) + ',"messages":[')
        v2.write(json.dumps({"channel": channel}, **compact) + "\n")
        for u in members:
            v2.write(json.dumps({"member": {"user_id": u}}, **compact) + "\n")
        for i in range(n // len(chans)):
            u = members[i % len(members)]
            ms = 1732000000000 + ci * 10**7 + i * 10
            at = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            mid = "%s-%07d" % (cid_id.strip("!"), i)
            text = "message %d in %s from %s with some ordinary length text to look real" % (i, cid, u)
            message = {"id": mid, "text": text, "type": "regular", "user": {"id": u, "name": u}, "cid": cid,
                       "attachments": [], "latest_reactions": [], "reaction_counts": {}, "created_at": at,
                       "updated_at": at, "deleted_at": None}
            v1.write(("," if i else "") + json.dumps(message, **compact))
            v2.write(json.dumps({"message": message}, **compact) + "\n")
            record = {"Id": mid, "FromUserId": u, "MessageType": 1, "Priority": 1, "MessageBody": {"Message": text},
                      "SendMessageTime": ms}
            if kind == "messaging" and len(members) == 2:
                record["ToUserId"] = "bob" if u == "alice" else "alice"
            else:
                record["GroupId"] = cid
            canon.write(json.dumps(record, **compact) + "\n")
        v1.write("]}")
    v1.write("]}\n")

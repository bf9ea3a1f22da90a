#!/usr/bin/env python3
"""Writes a canonical JSON Lines history of one of the memory shapes of issue #13, in a seeded random order (so
`plan` must sort it), every send time inside the retention window as of NOW_MS. For bench/memory-shapes.sh.

Usage: memory-shape.py SHAPE MESSAGES NOW_MS OUT [--groups G] [--members M] [--users U]
  group   one group of MESSAGES messages, 100 senders
  pairs   MESSAGES/5 one-to-one conversations among MESSAGES/10 users
  groups  G groups (default 20,000) of M members each (default 1,000); senders drawn from the group's members
  users   one-to-one messages among U users (default 1,000,000), every user in at least one message: U to provision
Options for groups: --once: message i is sent by member i // G of group i mod G, so with MESSAGES = G x M each
membership is written exactly once (the most memberships per message); --shared-users: member k of every group is
the same user uk (M users in all, each in every group) instead of a user of its own per group (G x M users), so the
memberships can be measured without the users' cost. --fast: a multiplicative permutation instead of a shuffled
list (no list of MESSAGES numbers; the order is still not the send order, so `plan` sorts it).
"""
import argparse, random, sys

p = argparse.ArgumentParser()
p.add_argument("shape", choices=["group", "pairs", "groups", "users"])
p.add_argument("messages", type=int)
p.add_argument("now", type=int)
p.add_argument("out")
p.add_argument("--groups", type=int, default=20000)
p.add_argument("--members", type=int, default=1000)
p.add_argument("--users", type=int, default=0)
p.add_argument("--seed", type=int, default=13)
p.add_argument("--once", action="store_true")
p.add_argument("--shared-users", action="store_true")
p.add_argument("--population", type=int, default=0)
p.add_argument("--fast", action="store_true")
a = p.parse_args()
n = a.messages
rnd = random.Random(a.seed)
span = 20 * 86_400_000
start = a.now - 60_000 - span
if a.fast:
    step = rnd.randrange(n // 3, n) | 1
    while __import__("math").gcd(step, n) != 1:
        step += 2
    order = ((j * step + 7) % n for j in range(n))
else:
    order = list(range(n))
    rnd.shuffle(order)
body = "The quick brown fox jumps over the lazy dog."
if a.shape == "pairs":
    users = max(2, n // 10)  # --users is the users shape's
    conversations = max(1, n // 5)
    # Conversation k is between two users picked by a seeded hash: N/5 conversations among N/10 users.
elif a.shape == "users":
    users = a.users or 1_000_000
with open(a.out, "w", buffering=1 << 20) as out:
    w = out.write
    for i in order:
        t = start + i * span // n
        if a.shape == "group":
            conv = ',"GroupId":"g0","FromUserId":"u%d"' % (i % 100)
        elif a.shape == "groups":
            g = i % a.groups
            k = i // a.groups % a.members if a.once else (i * 7919 // a.groups) % a.members
            if a.population:
                # A permutation of the group's M slots onto the U users: member k of group g, distinct within g.
                u = (g * 1_000_003 + k * 2_654_435_761) % a.population
                conv = ',"GroupId":"g%d","FromUserId":"u%d"' % (g, u)
            elif a.shared_users:
                conv = ',"GroupId":"g%d","FromUserId":"u%d"' % (g, k)
            else:
                conv = ',"GroupId":"g%d","FromUserId":"g%du%d"' % (g, g, k)
        elif a.shape == "pairs":
            k = (i * 2654435761) % conversations
            x = k % users
            y = (x + 1 + k // users) % users
            if y == x:
                y = (x + 1) % users
            if i & 1:
                x, y = y, x
            conv = ',"FromUserId":"u%d","ToUserId":"u%d"' % (x, y)
        else:  # users: message i between user i mod U and user (i + U/2) mod U, so every user appears
            x = i % users
            y = (x + users // 2 + 1) % users
            conv = ',"FromUserId":"u%d","ToUserId":"u%d"' % (x, y)
        w('{"Id":"m%d"%s,"MessageType":1,"Priority":1,"MessageBody":{"Message":"m%d %s"},"SendMessageTime":%d}\n'
          % (i, conv, i, body, t))

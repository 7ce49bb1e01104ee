#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Compares temper's XML rendering with evtxexport's (libevtx-utils), record by record, on .evtx files.
#   tests/tools/compare_evtxexport.py TEMPER_DUMP_CMD FILE_OR_DIR... [--expect OUT_DIR] [--verbose]
# TEMPER_DUMP_CMD is e.g. "build/temper events dump --format xml". Records are matched by
# EventRecordID; XML is normalised by stripping each line and joining (indentation differences
# vanish, text inside values is kept). With --expect, writes "<record id> <first 16 hex digits of
# the sha1 of normalised XML>" lines per file where evtxexport succeeds, named
# "<parent dir>__<file>.sha1" (spaces as "_"): the expectations the unit test checks.
import hashlib, os, re, shlex, subprocess, sys

RID = re.compile(r"<EventRecordID>(\d+)</EventRecordID>")


def split_records(text):
    records, cur = [], None
    for line in text.splitlines():
        if line.startswith("<Event xmlns") or line.startswith("<Event>"):
            if cur is not None:
                records.append(cur)
            cur = [line]
        elif cur is not None:
            cur.append(line)
    if cur is not None:
        records.append(cur)
    out = {}
    order = []
    for rec in records:
        norm = "".join(l.strip() for l in rec)
        m = RID.search(norm)
        rid = int(m.group(1)) if m else -1
        if rid not in out:
            order.append(rid)
        out[rid] = norm
    return out, order


def run(cmd, timeout=120):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return -1, "", "timeout"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    expect = None
    if "--expect" in sys.argv:
        expect = sys.argv[sys.argv.index("--expect") + 1]
        args.remove(expect)
    temper = shlex.split(args[0])
    files = []
    for a in args[1:]:
        if os.path.isdir(a):
            for root, _, names in os.walk(a):
                files += [os.path.join(root, n) for n in names if n.endswith(".evtx")]
        else:
            files.append(a)
    files.sort()
    tot = dict(files=0, peer_ok=0, peer_records=0, ours=0, matched=0, differ=0, missing=0, peer_fail=0, rescued=0)
    for f in files:
        tot["files"] += 1
        rc, peer_out, peer_err = run(["evtxexport", "-f", "xml", f])
        _, our_out, _ = run(temper + [f])
        peer, _ = split_records(peer_out)
        ours, _ = split_records(our_out)
        tot["ours"] += len(ours)
        peer_failed = rc != 0 or "Unable" in peer_err
        if peer_failed:
            tot["peer_fail"] += 1
            tot["rescued"] += len(set(ours) - set(peer))
        else:
            tot["peer_ok"] += 1
        tot["peer_records"] += len(peer)
        diff = [r for r in peer if r in ours and ours[r] != peer[r]]
        miss = [r for r in peer if r not in ours]
        tot["matched"] += len(peer) - len(diff) - len(miss)
        tot["differ"] += len(diff)
        tot["missing"] += len(miss)
        status = "ok" if not diff and not miss else "DIFF"
        print(f"{status} peer_rc={rc} peer={len(peer)} ours={len(ours)} differ={len(diff)} missing={len(miss)} {f}")
        if verbose and diff:
            a, b = peer[diff[0]], ours[diff[0]]
            i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
            print("   peer:", a[max(0, i - 150):i + 150])
            print("   ours:", b[max(0, i - 150):i + 150])
        if expect and not peer_failed and peer:
            os.makedirs(expect, exist_ok=True)
            parent = os.path.basename(os.path.dirname(f))
            name = (parent + "__" + os.path.basename(f)).replace(" ", "_") + ".sha1"
            with open(os.path.join(expect, name), "w") as out:
                for r in sorted(peer):
                    out.write(f"{r} {hashlib.sha1(peer[r].encode()).hexdigest()[:16]}\n")
    print(" ".join(f"{k}={v}" for k, v in tot.items()))


if __name__ == "__main__":
    main()

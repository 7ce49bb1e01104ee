#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Counts the records evtxexport, python-evtx (evtx_dump.py) and temper each get out of every
# .evtx under the given paths, and which peers abort (non-zero exit, error output or timeout):
#   tests/tools/count_peer_records.py TEMPER_BINARY FILE_OR_DIR... [--timeout 300]
# Prints one line per file where the counts differ or a peer aborts, then totals.
import os, re, subprocess, sys


def run(cmd, pattern, timeout):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, True
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    n = len(re.findall(pattern, out, re.M))
    aborted = p.returncode != 0 or "Traceback" in err or "Unable" in err
    return n, aborted


def main():
    args = [a for a in sys.argv[1:]]
    timeout = 300
    if "--timeout" in args:
        i = args.index("--timeout")
        timeout = int(args[i + 1])
        del args[i:i + 2]
    temper, paths = args[0], args[1:]
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(r, n) for r, _, ns in os.walk(p) for n in ns if n.endswith(".evtx"))
        else:
            files.append(p)
    tot = dict(files=0, temper=0, evtxexport=0, python=0, ee_abort=0, py_abort=0, ee_abort_files_temper=0,
               ee_abort_files_ee=0, py_abort_files_temper=0, py_abort_files_py=0)
    for f in files:
        t, _ = run([temper, "events", "dump", "--no-progress", "-j1", f], r"^\{", timeout)
        e, e_ab = run(["evtxexport", "-f", "xml", f], r"^<Event xmlns", timeout)
        p, p_ab = run(["evtx_dump.py", f], r"^<Event ", timeout)
        tot["files"] += 1
        tot["temper"] += t or 0
        tot["evtxexport"] += e or 0
        tot["python"] += p or 0
        if e_ab:
            tot["ee_abort"] += 1
            tot["ee_abort_files_temper"] += t or 0
            tot["ee_abort_files_ee"] += e or 0
        if p_ab:
            tot["py_abort"] += 1
            tot["py_abort_files_temper"] += t or 0
            tot["py_abort_files_py"] += p or 0
        if e_ab or p_ab or not (t == e == p):
            print(f"temper={t} evtxexport={e}{' (aborted)' if e_ab else ''} python-evtx={p}{' (aborted)' if p_ab else ''} {f}",
                  flush=True)
    print(" ".join(f"{k}={v}" for k, v in tot.items()))


if __name__ == "__main__":
    main()

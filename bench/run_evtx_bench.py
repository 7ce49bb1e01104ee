#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# name: evtx/peers; group: events
# description: `temper events dump --format jsonl` vs `evtxexport -f xml` (libevtx-utils) vs
# python-evtx's `evtx_dump.py`, side by side in one run on the same file; then temper alone on a
# large file for thread scaling and peak memory (and evtxexport on it with --big-peer). Prints
# Markdown tables (docs/performance.md).
#
#   bench/run_evtx_bench.py --temper build-bench/temper [--corpus ../shared/corpora/evtx]
#       [--work /tmp/temper-bench] [--size-mib 32] [--big-mib 1024] [--threads 1,2] [--repeat 3]
#       [--no-python] [--no-big] [--no-peers] [--no-learn]
#
# Inputs are built by bench/make_big_evtx.py from corpus chunks that every peer reads without
# error (PEER_POOL below), so all three tools decode the same records. Wall time is the best of
# --repeat runs (python-evtx runs once); CPU time and peak RSS are that run's, from os.wait4;
# events are counted in a separate, untimed run of each tool.
#
# Then learning (issue "temper 6"): `temper learn collect` (the usage profile) against `temper
# events stats` on the large file and on the whole corpus folder, the two commands alternating
# run by run so that a change of load hits both; prints the ratio (target: at most 1.5x).
# --no-peers skips the peer table (evtxexport and python-evtx need not be installed), --no-learn
# this one.
import argparse, os, re, subprocess, sys, time

PEER_POOL = [
    "evtx-rs-samples/security.evtx",
    "evtx-rs-samples/system.evtx",
    "evtx-rs-samples/sysmon.evtx",
    "evtx-rs-samples/sample-with-irregular-bool-values.evtx",
    "python-evtx-samples/system.evtx",
    "python-evtx-samples/security.evtx",
]
HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, out=subprocess.DEVNULL):
    """Runs cmd; returns (wall s, user+sys s) of that one child, from os.wait4's rusage
    (microsecond CPU times, unlike /usr/bin/time's hundredths)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def peak_rss_kib(cmd):
    """Peak RSS of cmd from /usr/bin/time (rusage's ru_maxrss would count the Python process the
    child was forked from)."""
    t = subprocess.run(["/usr/bin/time", "-f", "RSS %M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return int([l for l in t.stderr.decode(errors="replace").splitlines() if l.startswith("RSS ")][-1].split()[1])


def count(cmd, pattern):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    n = 0
    rx = re.compile(pattern)
    for line in p.stdout:
        if rx.match(line):
            n += 1
    p.wait()
    return n


def best(cmd, repeat):
    """(wall, CPU, peak RSS KiB): the fastest of `repeat` runs, and RSS from one more run."""
    runs = [timed(cmd) for _ in range(repeat)]
    wall, cpu = min(runs, key=lambda r: r[0])
    return wall, cpu, peak_rss_kib(cmd)


def peer_table(a, small, mib, threads):
    """The small file: temper events dump against evtxexport and python-evtx."""
    rows = []
    temper_events = count([a.temper, "events", "dump", "--no-progress", "-j1", small], rb"^\{")
    for t in threads:
        w, cpu, rss = best([a.temper, "events", "dump", "--no-progress", f"-j{t}", small], a.repeat)
        rows.append((f"temper events dump --format jsonl -j{t}", temper_events, w, cpu, rss))
    ee_events = count(["evtxexport", "-f", "xml", small], rb"^<Event xmlns")
    w, cpu, rss = best(["evtxexport", "-f", "xml", small], max(1, a.repeat - 1))
    rows.append(("evtxexport -f xml", ee_events, w, cpu, rss))
    if not a.no_python:
        # One run: python-evtx is too slow to run twice; its output goes to a file and is counted.
        out_path = os.path.join(a.work, "python-evtx.xml")
        # One run under /usr/bin/time for its peak RSS (its own overhead is negligible here).
        with open(out_path, "wb") as out:
            start = time.perf_counter()
            p = subprocess.Popen(["/usr/bin/time", "-f", "RSS %M", "evtx_dump.py", small], stdout=out,
                                 stderr=subprocess.PIPE)
            err = p.stderr.read().decode(errors="replace")
            _, _, usage = os.wait4(p.pid, 0)
            w, cpu = time.perf_counter() - start, usage.ru_utime + usage.ru_stime
        rss = int([l for l in err.splitlines() if l.startswith("RSS ")][-1].split()[1])
        with open(out_path, "rb") as f:
            py_events = sum(1 for line in f if line.startswith(b"<Event "))
        os.remove(out_path)
        rows.append(("python-evtx evtx_dump.py", py_events, w, cpu, rss))

    ee_wall = next(r[2] for r in rows if r[0].startswith("evtxexport"))
    print(f"\nInput: {small} ({mib:.1f} MiB), {os.cpu_count()} CPUs, loadavg {os.getloadavg()[0]:.2f} at start of print\n")
    ee_cpu = next(r[3] for r in rows if r[0].startswith("evtxexport"))
    print("| tool | events | wall s | CPU s | MiB/s (wall) | events/s (wall) | vs evtxexport, wall | vs evtxexport, CPU | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, ev, w, cpu, rss in rows:
        print(f"| {name} | {ev} | {w:.3f} | {cpu:.3f} | {mib / w:.1f} | {ev / w:,.0f} | {ee_wall / w:.1f}× | "
              f"{ee_cpu / cpu:.1f}× | {rss / 1024:.1f} |")



def learn_table(temper, inputs, threads, repeat):
    """`temper events stats` vs `temper learn collect` on each (label, path): best wall of `repeat`
    alternating runs, that run's CPU, peak RSS from one more run; the ratios of learn to stats."""
    print(f"\nLearning vs `events stats` (-j{threads}), {os.cpu_count()} CPUs, loadavg {os.getloadavg()[0]:.2f}\n")
    print("| input | command | wall s | CPU s | peak RSS MiB | learn / stats, wall | learn / stats, CPU |")
    print("|---|---|---:|---:|---:|---:|---:|")
    worst = 0.0
    for label, path in inputs:
        cmds = {"stats": [temper, "events", "stats", "--no-progress", f"-j{threads}", path],
                "learn": [temper, "learn", "collect", "--no-progress", f"-j{threads}", "--events", path]}
        runs = {k: [] for k in cmds}
        for _ in range(repeat):
            for k, cmd in cmds.items():
                runs[k].append(timed(cmd))
        best_runs = {k: min(v, key=lambda r: r[0]) for k, v in runs.items()}
        rss = {k: peak_rss_kib(cmd) for k, cmd in cmds.items()}
        wall_ratio = best_runs["learn"][0] / best_runs["stats"][0]
        cpu_ratio = best_runs["learn"][1] / best_runs["stats"][1]
        worst = max(worst, wall_ratio)
        for k, name in (("stats", "temper events stats"), ("learn", "temper learn collect")):
            w, cpu = best_runs[k]
            ratios = f"{wall_ratio:.2f}× | {cpu_ratio:.2f}×" if k == "learn" else "— | —"
            print(f"| {label} | `{name} -j{threads}` | {w:.2f} | {cpu:.2f} | {rss[k] / 1024:.1f} | {ratios} |")
    print(f"\nWorst learn / stats wall ratio: {worst:.2f}× (target ≤ 1.5×)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--temper", required=True)
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "shared", "corpora", "evtx"))
    ap.add_argument("--work", default="/tmp/temper-bench")
    ap.add_argument("--size-mib", type=int, default=32)
    ap.add_argument("--big-mib", type=int, default=1024)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-python", action="store_true")
    ap.add_argument("--no-big", action="store_true")
    ap.add_argument("--big-peer", action="store_true", help="also time evtxexport on the large file (~90 s per GiB)")
    ap.add_argument("--no-peers", action="store_true", help="skip the peer table on the small file")
    ap.add_argument("--no-learn", action="store_true", help="skip learn collect vs events stats")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    pool = [os.path.join(a.corpus, p) for p in PEER_POOL]
    threads = [int(t) for t in a.threads.split(",")]
    if not a.no_peers:
        small = os.path.join(a.work, f"peers-{a.size_mib}MiB.evtx")
        if not os.path.exists(small):
            subprocess.run([sys.executable, os.path.join(HERE, "make_big_evtx.py"), small, str(a.size_mib)] + pool, check=True)
        peer_table(a, small, os.path.getsize(small) / 2**20, threads)

    learn_inputs = [("whole corpus", a.corpus)]
    if a.no_big:
        if not a.no_learn:
            learn_table(a.temper, learn_inputs, threads[-1], a.repeat)
        return
    big = os.path.join(a.work, f"big-{a.big_mib}MiB.evtx")
    if not os.path.exists(big):
        subprocess.run([sys.executable, os.path.join(HERE, "make_big_evtx.py"), big, str(a.big_mib)] + pool, check=True)
    bmib = os.path.getsize(big) / 2**20
    print(f"\nLarge input: {big} ({bmib:.0f} MiB)\n")
    big_rows = []
    for t in threads:
        big_rows.append((f"temper events dump -j{t}",) + best([a.temper, "events", "dump", "--no-progress", f"-j{t}", big],
                                                              min(3, a.repeat)))
    big_rows.append((f"temper events stats -j{threads[-1]}",) +
                    best([a.temper, "events", "stats", "--no-progress", f"-j{threads[-1]}", big], min(3, a.repeat)))
    if a.big_peer:
        big_rows.append(("evtxexport -f xml",) + best(["evtxexport", "-f", "xml", big], 1))
    peer = next((r for r in big_rows if r[0].startswith("evtxexport")), None)
    print("| command | wall s | CPU s | MiB/s (wall) | vs evtxexport, wall | vs evtxexport, CPU | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, w, cpu, rss in big_rows:
        wall_ratio = f"{peer[1] / w:.1f}×" if peer else "—"
        cpu_ratio = f"{peer[2] / cpu:.1f}×" if peer else "—"
        print(f"| {name} | {w:.2f} | {cpu:.2f} | {bmib / w:.0f} | {wall_ratio} | {cpu_ratio} | {rss / 1024:.1f} |")
    if not a.no_learn:
        learn_table(a.temper, [(f"{bmib:.0f} MiB log", big)] + learn_inputs, threads[-1], a.repeat)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# name: detect/rules; group: detect
# description: `temper detect` with every SigmaHQ Windows rule (and Elastic's EQL rules when given) against
# `temper events stats` alone on the same input, side by side in one run, one thread each: the EVTX corpus, a
# 32 MiB and a 1 GiB log built by bench/make_big_evtx.py. Prints events/s, the detect/stats ratio (target: at
# most 2x) and peak RSS (target: the same for 32 MiB and 1 GiB), then the peers' published figures, which
# cannot be run here (Hayabusa, Chainsaw and Zircolite are not in Debian or npm, and this machine has no other
# network access).
#
#   bench/run_detect_bench.py --temper build-bench/temper [--corpus ../shared/corpora]
#       [--work /tmp/temper-bench] [--big-mib 1024] [--repeat 3] [--rules DIR ...]
#
# Wall time is the best of --repeat runs, the commands alternating run by run so that a change of load hits
# all; CPU time is that run's (os.wait4); peak RSS comes from one more run under /usr/bin/time. Rule loading
# (YAML parsing, compiling, building the prefilter) is measured apart on a one-event input and is included in
# the detect figures, as a user pays it: "detect" is a run with the compiled rule cache warm (the usual case:
# the same rules as the last run; the cache lives in <work>/rule-cache for the bench), "cold" a run with
# --no-cache, which compiles every rule file.
import argparse, json, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_evtx_bench import timed, peak_rss_kib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# Published figures (../shared/reference/evtx-detection-anchors.md); not measured here.
PEERS = [
    ("Hayabusa 4.x", "3,633 Sigma rules, 6.1 GB / 4.8M events in 6 min 17 s on a MacBook Air", 12_800, "killed by memory on a 3 GB Security.evtx (#946)"),
    ("Zircolite", "2,723 rules, 15 GB in 9 min 54 s", None, "peak RAM 25 GB for 15 GB of logs"),
    ("Chainsaw 2.x", "no published throughput; 7 Sigma modifiers", None, "-"),
]


def events_in(temper, path):
    out = subprocess.run([temper, "events", "stats", "--no-progress", "-j1", "--format", "json", path],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False).stdout
    return json.loads(out)["events"]


def alerts_in(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    return sum(1 for line in p.stdout.splitlines() if line.startswith(b"{") and b'"schema":"temper.detect-summary' not in line)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--temper", required=True)
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "shared", "corpora"))
    ap.add_argument("--work", default="/tmp/temper-bench")
    ap.add_argument("--big-mib", type=int, default=1024)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rules", nargs="*", help="rule files or directories (default: the SigmaHQ Windows rules)")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    evtx_corpus = os.path.join(a.corpus, "evtx")
    rules = a.rules or [os.path.join(a.corpus, "sigma", "rules"), os.path.join(a.corpus, "sigma", "rules-emerging-threats")]
    inputs = [("EVTX corpus (folder)", evtx_corpus)]
    for mib in (32, a.big_mib):
        path = os.path.join(a.work, f"big-{mib}MiB.evtx")
        if not os.path.exists(path):
            subprocess.run([sys.executable, os.path.join(HERE, "make_big_evtx.py"), path, str(mib), evtx_corpus], check=True)
        inputs.append((f"{mib} MiB log", path))

    rule_args = [arg for r in rules for arg in ("--rules", r)]
    os.environ["TEMPER_CACHE_DIR"] = os.path.join(a.work, "rule-cache")
    detect = lambda path: [a.temper, "detect", "--no-progress", "--format", "jsonl", *rule_args, path]
    cold = lambda path: [a.temper, "detect", "--no-cache", "--no-progress", "--format", "jsonl", *rule_args, path]
    stats = lambda path: [a.temper, "events", "stats", "--no-progress", "-j1", path]
    tiny = os.path.join(evtx_corpus, "evtx-rs-samples", "security.evtx")
    timed(detect(tiny))  # compiles the rules and fills the cache
    load_wall, load_cpu = min((timed(detect(tiny)) for _ in range(a.repeat)), key=lambda r: r[0])
    cold_wall, cold_cpu = min((timed(cold(tiny)) for _ in range(a.repeat)), key=lambda r: r[0])
    load_rss, cold_rss = peak_rss_kib(detect(tiny)), peak_rss_kib(cold(tiny))
    rules_line = subprocess.run([a.temper, "detect", "rules", *rule_args], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, check=False).stdout.decode(errors="replace").splitlines()
    print(f"\nRules: {rules_line[0] if rules_line else '?'} ({', '.join(rules)})")
    print(f"Loading them (one-event input): from the compiled rule cache {load_wall:.3f} s wall, {load_cpu:.3f} s CPU, "
          f"{load_rss / 1024:.1f} MiB peak RSS; compiling them (--no-cache) {cold_wall:.2f} s wall, {cold_cpu:.2f} s CPU, "
          f"{cold_rss / 1024:.1f} MiB")
    print(f"{os.cpu_count()} CPUs, loadavg {os.getloadavg()[0]:.2f} at start\n")
    print("| input | events | stats wall s | detect wall s | cold wall s | stats CPU s | detect CPU s "
          "| detect events/s (wall) | detect / stats (wall) | detect / stats (CPU) | cold / stats (wall) | alerts "
          "| stats RSS MiB | detect RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    worst = 0.0  # over the inputs the target names: the EVTX corpus and the big log
    for label, path in inputs:
        n = events_in(a.temper, path)
        runs = {"stats": [], "detect": [], "cold": []}
        for _ in range(a.repeat):
            runs["stats"].append(timed(stats(path)))
            runs["detect"].append(timed(detect(path)))
            runs["cold"].append(timed(cold(path)))
        sw, sc = min(runs["stats"], key=lambda r: r[0])
        dw, dc = min(runs["detect"], key=lambda r: r[0])
        cw, _ = min(runs["cold"], key=lambda r: r[0])
        alerts, cold_alerts = alerts_in(detect(path)), alerts_in(cold(path))
        if alerts != cold_alerts:
            sys.exit(f"{label}: {alerts} alerts with the rule cache, {cold_alerts} without")
        srss, drss = peak_rss_kib(stats(path)), peak_rss_kib(detect(path))
        if not label.startswith("32 MiB"):
            worst = max(worst, dw / sw)
        print(f"| {label} | {n:,} | {sw:.2f} | {dw:.2f} | {cw:.2f} | {sc:.2f} | {dc:.2f} | {n / dw:,.0f} | "
              f"{dw / sw:.2f}× | {dc / sc:.2f}× | {cw / sw:.2f}× | {alerts:,} | {srss / 1024:.1f} | {drss / 1024:.1f} |")
    print(f"\nWorst detect / stats wall ratio on the corpus and the {a.big_mib} MiB log: {worst:.2f}× (target: at most 2×;"
          " the 32 MiB log, a few hundredths of a second of reading, shows the fixed cost of loading the rules)\n")
    print("Peers (published figures, not run here):\n")
    print("| peer | figure | events/s | memory |")
    print("|---|---|---:|---|")
    for name, figure, eps, mem in PEERS:
        print(f"| {name} | {figure} | {eps:,} |" if eps else f"| {name} | {figure} | - |", mem, "|")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# name: audit/hosting-scale; group: audit
# description: cost of `temper import` and `temper audit` on generated hosting servers with more
# and more sites (bench/make_hosting_bundle.py): wall time, CPU time, peak RSS and snapshot size,
# with growth ratios per 10x step (linear = ~10x). Prints a Markdown table, or JSON.
#
#   bench/run_audit_bench.py --temper build-bench/temper [--sites 100,1000,10000] [--repeat 3]
#       [--timeout 120] [--mem-cap-mib 4096] [--work /tmp/temper-audit-bench] [--content DIR]
#       [--apps 2] [--vdirs 2] [--locations 2] [--folders 0.3] [--seed 1] [--format text|json]
#       [--keep-going]
#
# For each site count the bundle is generated once and cached in the work directory (a stamp file
# records the generator's arguments and its own hash, so a changed generator regenerates). Then,
# --repeat times each (the fastest run is kept):
#   import          temper import DIR -o WORK/N/snapshot.json
#   audit bundle    temper audit DIR --level 2 --format json        (all content; imports on the fly)
#   audit snapshot  temper audit WORK/N/snapshot.json --level 2 --format json
# Every run goes through /usr/bin/time in its own session: CPU time (user+sys, microseconds) comes
# from os.wait4 on that process, which includes its reaped child; peak RSS from /usr/bin/time's %M
# (the child's own ru_maxrss; wait4 on a child forked from Python would also count the ~14 MB of
# the Python process it started as). A watchdog kills the whole session past --timeout or when the
# child's RSS passes --mem-cap-mib, and the run shows "timeout" or "over memory"; the child also
# runs under RLIMIT_AS = the cap (virtual size, which is never below RSS), so an allocation storm
# fails in the child instead of swapping the machine.
# After a timeout or memory stop at N sites, larger N are skipped for that command (--keep-going
# runs them anyway).
import argparse
import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "make_hosting_bundle.py")
TIME = "/usr/bin/time"
STEPS = [("import", "import"), ("audit_bundle", "audit bundle"), ("audit_snapshot", "audit snapshot")]


def children_of(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_once(cmd, out_path, err_path, timeout, mem_cap_mib):
    """One measured run. Returns a dict: status (ok | exit N | timeout | over memory), wall_s,
    cpu_s, rss_mib."""
    tfile = err_path + ".time"
    as_limit = mem_cap_mib * 1024 * 1024

    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (as_limit, as_limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        p = subprocess.Popen([TIME, "-f", "%M", "-o", tfile] + cmd, stdout=out, stderr=err,
                             preexec_fn=limits, start_new_session=True)
        stop = {"why": None}
        done = threading.Event()

        def watchdog():
            while not done.wait(0.05):
                if time.perf_counter() - start > timeout:
                    stop["why"] = "timeout"
                elif any(rss_kib(c) > mem_cap_mib * 1024 for c in children_of(p.pid)):
                    stop["why"] = "over memory"
                if stop["why"]:
                    try:
                        os.killpg(p.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    return

        w = threading.Thread(target=watchdog, daemon=True)
        w.start()
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        w.join()
        p.returncode = os.waitstatus_to_exitcode(status)
    result = {"wall_s": round(wall, 4), "cpu_s": round(usage.ru_utime + usage.ru_stime, 4), "rss_mib": None}
    try:
        with open(tfile) as f:
            lines = [l for l in f.read().splitlines() if l.strip()]
        result["rss_mib"] = round(int(lines[-1]) / 1024, 1)
        # /usr/bin/time writes "Command exited with non-zero status N" before the figures.
        code = 0
        for l in lines:
            if l.startswith("Command exited with non-zero status"):
                code = int(l.split()[-1])
            elif l.startswith("Command terminated by signal"):
                code = -int(l.split()[-1])
    except (OSError, ValueError, IndexError):
        code = p.returncode
    if stop["why"]:
        result["status"] = stop["why"]
    elif code in (0, 1):
        result["status"] = "ok"
    else:
        with open(err_path, "rb") as f:
            tail = f.read()[-4000:].decode(errors="replace")
        memory = "bad_alloc" in tail or "out of memory" in tail.lower() or "cannot allocate" in tail.lower()
        result["status"] = "over memory" if memory else f"exit {code}"
    return result


def bundle_for(n, a):
    d = os.path.join(a.work, f"sites-{n}")
    bundle = os.path.join(d, "bundle")
    with open(GENERATOR, "rb") as f:
        gen_hash = hashlib.sha256(f.read()).hexdigest()[:16]
    stamp = json.dumps({"n": n, "apps": a.apps, "vdirs": a.vdirs, "locations": a.locations,
                        "folders": a.folders, "seed": a.seed, "generator": gen_hash}, sort_keys=True)
    stamp_file = os.path.join(d, "stamp.json")
    if not (os.path.exists(stamp_file) and open(stamp_file).read() == stamp):
        os.makedirs(d, exist_ok=True)
        subprocess.run([sys.executable, GENERATOR, str(n), bundle, "--apps", str(a.apps), "--vdirs", str(a.vdirs),
                        "--locations", str(a.locations), "--folders", str(a.folders), "--seed", str(a.seed)],
                       check=True, stderr=subprocess.DEVNULL)
        with open(stamp_file, "w") as f:
            f.write(stamp)
    files = size = 0
    for root, _, names in os.walk(os.path.join(bundle, "fs")):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(root, name))
    return d, bundle, {"iis_files": files, "iis_bytes": size}


def measure(cmd, d, step, a):
    best = None
    for r in range(a.repeat):
        res = run_once(cmd, os.path.join(d, f"{step}.out"), os.path.join(d, f"{step}.err"), a.timeout, a.mem_cap_mib)
        if res["status"] != "ok":
            return res  # a stopped or failed run is not repeated
        if best is None or res["wall_s"] < best["wall_s"]:
            best = res
    best["runs"] = a.repeat
    return best


def growth(rows):
    """Ratios between consecutive site counts, and the same ratio scaled to a 10x step:
    r ** (1 / log10(n2 / n1)) (linear = 10x, quadratic = 100x)."""
    import math
    out = []
    metrics = [(f"{k}_{m}", k, m) for k, _ in STEPS for m in ("wall_s", "cpu_s", "rss_mib")] + [("snapshot_bytes", None, None)]
    for r1, r2 in zip(rows, rows[1:]):
        step = {"from": r1["sites"], "to": r2["sites"]}
        span = math.log10(r2["sites"] / r1["sites"])
        for name, k, m in metrics:
            v1 = r1.get(name) if k is None else (r1[k][m] if r1[k]["status"] == "ok" else None)
            v2 = r2.get(name) if k is None else (r2[k][m] if r2[k]["status"] == "ok" else None)
            if v1 and v2 and span > 0:
                ratio = v2 / v1
                step[name] = {"ratio": round(ratio, 2), "per_10x": round(ratio ** (1 / span), 1)}
        out.append(step)
    return out


def fmt(res, m):
    if res["status"] != "ok":
        return res["status"] if m == "wall_s" else "-"
    v = res[m]
    return f"{v:.3f}" if m != "rss_mib" else f"{v:.1f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--temper", help="the temper binary to measure")
    ap.add_argument("--report", metavar="FILE", help="print the tables of a saved --format json output, run nothing")
    ap.add_argument("--sites", default="100,1000,10000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per run (default 120)")
    ap.add_argument("--mem-cap-mib", type=int, default=4096, help="peak RSS at which a run is stopped (default 4096)")
    ap.add_argument("--work", default="/tmp/temper-audit-bench")
    ap.add_argument("--content", help="content directory (default: temper finds its own)")
    ap.add_argument("--apps", type=int, default=2)
    ap.add_argument("--vdirs", type=int, default=2)
    ap.add_argument("--locations", type=int, default=2)
    ap.add_argument("--folders", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--format", choices=["text", "json"], default="text")
    ap.add_argument("--keep-going", action="store_true", help="run larger site counts after a timeout or memory stop")
    a = ap.parse_args()
    if a.report:
        with open(a.report) as f:
            print_text(json.load(f))
        return
    if not a.temper:
        ap.error("--temper is required")
    if not os.path.exists(TIME):
        sys.exit(f"run_audit_bench: {TIME} is needed for peak RSS (Debian package `time`)")
    temper = os.path.abspath(a.temper)
    sites = sorted(int(x) for x in a.sites.split(","))
    os.makedirs(a.work, exist_ok=True)
    content = ["--content", a.content] if a.content else []
    load_start = os.getloadavg()
    rows, stopped = [], set()
    for n in sites:
        if {"import", "audit_bundle"} <= stopped:  # nothing left to run: do not even generate the bundle
            rows.append({"sites": n, "iis_files": None, "snapshot_bytes": None,
                         **{step: {"status": "skipped"} for step, _ in STEPS}})
            continue
        d, bundle, info = bundle_for(n, a)
        snap = os.path.join(d, "snapshot.json")
        cmds = {
            "import": [temper, "import", bundle, "-o", snap],
            "audit_bundle": [temper, "audit", bundle, "--level", "2", "--format", "json"] + content,
            "audit_snapshot": [temper, "audit", snap, "--level", "2", "--format", "json"] + content,
        }
        row = {"sites": n, **info}
        for step, _ in STEPS:
            if step in stopped or (step == "audit_snapshot" and row["import"]["status"] != "ok"):
                row[step] = {"status": "skipped"}
                continue
            row[step] = measure(cmds[step], d, step, a)
            if row[step]["status"] in ("timeout", "over memory") and not a.keep_going:
                stopped.add(step)
        row["snapshot_bytes"] = os.path.getsize(snap) if row["import"]["status"] == "ok" else None
        if row["audit_bundle"]["status"] == "ok":
            try:
                with open(os.path.join(d, "audit_bundle.out")) as f:
                    report = json.load(f)
                row["results"] = len(report.get("results", []))
                row["summary"] = report.get("summary")
            except (OSError, ValueError):
                pass
        rows.append(row)
        if a.format == "text":
            print(f"  {n} sites done", file=sys.stderr)
    result = {"temper": temper, "load_average_start": [round(x, 2) for x in load_start],
              "load_average_end": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
              "params": {"repeat": a.repeat, "timeout_s": a.timeout, "mem_cap_mib": a.mem_cap_mib, "apps": a.apps,
                         "vdirs": a.vdirs, "locations": a.locations, "folders": a.folders, "seed": a.seed},
              "runs": rows, "growth": growth(rows)}
    if a.format == "json":
        json.dump(result, sys.stdout, indent=2)
        print()
        return
    print_text(result)


def print_text(result):
    """The Markdown tables of a result (also from a saved --format json output: --report FILE)."""
    p = result["params"]
    print(f"temper: {result['temper']}; best of {p['repeat']}; timeout {p['timeout_s']:g} s; memory cap {p['mem_cap_mib']} MiB; "
          f"load average {result['load_average_start'][0]} at start, {result['load_average_end'][0]} at end")
    print()
    print("| sites | IIS files | results | snapshot MiB | import wall s | CPU s | RSS MiB | audit bundle wall s | CPU s | RSS MiB "
          "| audit snapshot wall s | CPU s | RSS MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in result["runs"]:
        snap = f"{r['snapshot_bytes'] / 1048576:.2f}" if r["snapshot_bytes"] else "-"
        cells = [str(r["sites"]), str(r["iis_files"] or "-"), str(r.get("results", "-")), snap]
        for step, _ in STEPS:
            cells += [fmt(r[step], m) for m in ("wall_s", "cpu_s", "rss_mib")]
        print("| " + " | ".join(cells) + " |")
    if result["growth"]:
        print()
        print("Growth between site counts, as the ratio and scaled to a 10x step (linear = 10x, quadratic = 100x); "
              "CPU time, which load on the machine disturbs less than wall time (both are in --format json):")
        print()
        print("| sites | import CPU | import RSS | audit bundle CPU | audit bundle RSS | audit snapshot CPU "
              "| audit snapshot RSS | snapshot size |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for g in result["growth"]:
            def c(k):
                return f"{g[k]['ratio']}x ({g[k]['per_10x']}x per 10x)" if k in g else "-"
            print(f"| {g['from']} -> {g['to']} | {c('import_cpu_s')} | {c('import_rss_mib')} | {c('audit_bundle_cpu_s')} | "
                  f"{c('audit_bundle_rss_mib')} | {c('audit_snapshot_cpu_s')} | {c('audit_snapshot_rss_mib')} | "
                  f"{c('snapshot_bytes')} |")

if __name__ == "__main__":
    main()

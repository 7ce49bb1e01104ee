#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes each scenario's activity (tests/scenarios/*/activity.yaml) as the files a server produces:
winlogbeat NDJSON per event log (events/<log>.ndjson) and IIS W3C logs (events/W3SVC<n>/u_ex*.log).

The outputs are committed; run this after editing an activity.yaml:
    python3 tests/scenarios/make_activity.py                           # every scenario
    python3 tests/scenarios/make_activity.py examples/web01/activity   # the example server's month
Events of an entry are spread evenly over the window (start .. start + days). Every log also gets a
quiet event at the start and at the end, so the log covers the whole window whatever the entries are.
Deterministic: the same activity.yaml always gives the same bytes.
"""
import datetime as dt
import json
import pathlib
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs-bytes sc-status "
          "sc-substatus time-taken crypt-protocol crypt-cipher")

# Quiet events that mark a log as present without being evidence of anything a fix stops.
QUIET = {
    "Security": (4624, {"TargetUserSid": "S-1-5-18", "TargetUserName": "SYSTEM", "TargetDomainName": "NT AUTHORITY",
                        "LogonType": "5", "AuthenticationPackageName": "Negotiate", "LmPackageName": "-",
                        "ProcessName": "C:\\Windows\\System32\\services.exe"}),
    "System": (7036, {"param1": "Background Intelligent Transfer Service", "param2": "running"}),
}


def times(start, days, count):
    if count <= 1:
        return [start + dt.timedelta(days=days / 2)]
    step = dt.timedelta(days=days) / (count - 1)
    return [start + step * i for i in range(count)]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def ndjson(channel, computer, events):
    lines = []
    for record, (when, event_id, data) in enumerate(sorted(events, key=lambda e: (e[0], e[1])), start=1):
        doc = {"@timestamp": iso(when),
               "winlog": {"channel": channel, "event_id": event_id, "record_id": record, "computer_name": computer,
                          "event_data": {k: str(v) for k, v in data.items()}}}
        lines.append(json.dumps(doc, separators=(",", ":"), sort_keys=True))
    return "\n".join(lines) + "\n"


def w3c(site, requests):
    out = ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
           "#Date: " + requests[0][0].strftime("%Y-%m-%d %H:%M:%S"), "#Fields: " + FIELDS]
    for when, r in sorted(requests, key=lambda x: x[0]):
        row = [when.strftime("%Y-%m-%d"), when.strftime("%H:%M:%S"), "10.0.0.10", r.get("method", "GET"),
               r.get("stem", "/"), r.get("query", "-"), str(r.get("port", 443)), r.get("user", "-"),
               r.get("client", "10.0.0.1"), "Mozilla/5.0", str(r.get("bytes", 400)), str(r.get("status", 200)),
               str(r.get("substatus", 0)), "15",
               r.get("protocol", "400" if r.get("port", 443) == 443 else "-"),
               r.get("cipher", "6610" if r.get("port", 443) == 443 else "-")]
        out.append(" ".join(row))
    return "\n".join(out) + "\n"


def build(scenario):
    spec = yaml.safe_load((scenario / "activity.yaml").read_text())
    start = dt.datetime.fromisoformat(spec.get("start", "2026-11-01T00:00:00+00:00"))
    days = float(spec.get("days", 30))
    computer = spec.get("computer", "web01.corp.example.com")
    out_dir = scenario / "events"
    out_dir.mkdir(exist_ok=True)
    for log, entries in (spec.get("logs") or {}).items():
        events = []
        if log in QUIET:
            event_id, data = QUIET[log]
            events += [(start, event_id, data), (start + dt.timedelta(days=days), event_id, data)]
        for e in entries or []:
            for t in times(start, days * e.get("spread", 1.0), e.get("count", 1)):
                events.append((t, e["id"], e.get("fields", {})))
        name = log.replace("/", "-").replace("Microsoft-Windows-", "")
        (out_dir / f"{name}.ndjson").write_text(ndjson(log, computer, events))
    for site, entries in (spec.get("w3c") or {}).items():
        requests = [(start, {"stem": "/"}), (start + dt.timedelta(days=days), {"stem": "/"})]
        for r in entries or []:
            for t in times(start, days * r.get("spread", 1.0), r.get("count", 1)):
                requests.append((t, r))
        folder = out_dir / site
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "u_ex2611.log").write_text(w3c(site, requests))


def main():
    # Folders given on the command line (examples/web01/activity), else every scenario.
    scenarios = [pathlib.Path(a).resolve() for a in sys.argv[1:]]
    if not scenarios:
        scenarios = sorted(p.parent for p in HERE.rglob("activity.yaml"))
    for s in scenarios:
        build(s)
    print(f"wrote the activity of {len(scenarios)} scenarios", file=sys.stderr)


if __name__ == "__main__":
    main()

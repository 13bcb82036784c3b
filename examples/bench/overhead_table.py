#!/usr/bin/env python3
"""Figures for examples/bench/overhead.sh.

  overhead_table.py gc GC_LOG   -> "alloc_bytes alloc_ms heap_after_bytes" between the last two explicit (jcmd GC.run) pauses
  overhead_table.py table OUT   -> the markdown table from OUT/results.tsv and OUT/env.txt
"""
import json
import os
import re
import statistics as st
import sys

UNITS = {"B": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}
PAUSE = re.compile(r"^\[(\d+)ms\].*?(\d+(?:\.\d+)?)([BKMG])->(\d+(?:\.\d+)?)([BKMG])\(")


def allocation(gc_log):
    """Bytes allocated between two explicit full GCs (jcmd GC.run), from a -Xlog:gc:file=...:uptimemillis log.

    The explicit GCs show as "System.gc()" (G1) or "Diagnostic Command" (Serial, the default on one CPU).

    Allocation between two pauses = heap before the later one - heap after the earlier one; summed over every
    pause after the first System.gc() up to and including the second, whose "before" is the end delta. Returns
    (bytes, milliseconds between the two, heap after the second) or None when the log lacks the two markers.
    """
    pauses = []
    for line in open(gc_log, errors="replace"):
        m = PAUSE.match(line)
        if m:
            pauses.append((int(m.group(1)), float(m.group(2)) * UNITS[m.group(3)],
                           float(m.group(4)) * UNITS[m.group(5)], "System.gc()" in line or "Diagnostic Command" in line))
    marks = [i for i, p in enumerate(pauses) if p[3]]
    if len(marks) < 2:
        return None
    first, last = marks[-2], marks[-1]
    allocated = sum(pauses[k][1] - pauses[k - 1][2] for k in range(first + 1, last + 1))
    return int(allocated), pauses[last][0] - pauses[first][0], int(pauses[last][2])


def med(xs):
    return st.median(xs) if xs else float("nan")


def fmt(x, nd):
    return "n/a" if x is None or x != x else f"{x:,.{nd}f}"


# (label, key, decimals, lower is better). Keys are computed per run in rows().
METRICS = [
    ("start-up, launch to first answer (ms)", "start_ms", 0),
    ("start-up CPU (s)", "start_cpu_s", 2),
    ("saturation throughput (req/s)", "sat_rps", 0),
    ("saturation p50 (ms)", "sat_p50_ms", 2),
    ("saturation p99 (ms)", "sat_p99_ms", 2),
    ("fixed rate: p50 (ms)", "fixed_p50_ms", 2),
    ("fixed rate: p99 (ms)", "fixed_p99_ms", 2),
    ("fixed rate: service CPU per request (µs)", "cpu_us_per_req", 0),
    ("fixed rate: service CPU per request, JIT compiler threads left out (µs)", "cpu_us_per_req_nojit", 0),
    ("fixed rate: JIT compiler threads' share of the service CPU", "jit_share", 2),
    ("fixed rate: service CPU (cores)", "cpu_cores", 3),
    ("fixed rate: allocation (MB/s)", "alloc_mb_s", 1),
    ("fixed rate: allocation per request (KB)", "alloc_kb_req", 1),
    ("heap after full GC (MB)", "heap_mb", 1),
    ("threads", "threads", 0),
    ("peak RSS, VmHWM (MB)", "rss_mb", 0),
    ("collector CPU during saturation + fixed (s)", "collector_cpu_s", 2),
]


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def rows(out):
    runs, starts = [], []
    with open(os.path.join(out, "results.tsv")) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(header, line.rstrip("\n").split("\t")))
            if r["kind"] == "start":
                starts.append({"config": r["config"], "start_ms": num(r["start_ms"]), "start_cpu_s": num(r["start_cpu_s"])})
                continue
            x = {k: num(v) for k, v in r.items() if k not in ("kind", "config", "dir")}
            x["config"], x["dir"] = r["config"], r["dir"]
            done, secs = x["fixed_completed"] or 0, x["fixed_seconds"] or 0
            x["cpu_us_per_req"] = x["fixed_cpu_s"] * 1e6 / done if done else None
            x["cpu_cores"] = x["fixed_cpu_s"] / secs if secs else None
            jit = x.get("fixed_jit_s")  # absent in results.tsv files from before the column existed
            x["cpu_us_per_req_nojit"] = (x["fixed_cpu_s"] - jit) * 1e6 / done if done and jit is not None else None
            x["jit_share"] = jit / x["fixed_cpu_s"] if jit is not None and x["fixed_cpu_s"] else None
            alloc, ms = x.get("alloc_bytes"), x.get("alloc_ms")
            # the service is idle outside the phase: bytes between the two explicit GCs over the phase's length
            x["alloc_mb_s"] = alloc / 1e6 / secs if alloc is not None and secs else None
            x["alloc_kb_req"] = alloc / 1e3 / done if alloc is not None and done else None
            x["heap_mb"] = x["heap_after_bytes"] / 1e6 if x.get("heap_after_bytes") is not None else None
            x["rss_mb"] = x["hwm_kb"] / 1024 if x.get("hwm_kb") is not None else None
            x["collector_cpu_s"] = x["collector_cpu_s"] if x["config"] != "none" else None
            summ = os.path.join(r["dir"], "run", "summary.json")
            if os.path.exists(summ):
                s = json.load(open(summ))
                x["agent_counters"] = s.get("counters", {}).get("agent", {})
                x["collector_counters"] = s.get("counters", {}).get("collector", {})
            runs.append(x)
    return runs, starts


def table(out):
    env = dict(l.rstrip("\n").split("\t", 1) for l in open(os.path.join(out, "env.txt")) if "\t" in l)
    runs, starts = rows(out)
    configs = []
    for r in runs + starts:
        if r["config"] not in configs:
            configs.append(r["config"])

    def values(config, key):
        src = starts if key in ("start_ms", "start_cpu_s") else runs
        return [r[key] for r in src if r["config"] == config and r.get(key) is not None]

    p = print
    p(f"### Agent overhead on the {env['service'].split(':')[0]} service ({env['date']})")
    p()
    p(f"- machine: {env['nproc']} CPUs {env['cpu']}, {env['mem']}, Linux {env['kernel']};"
      f" load average {env['loadavg_start']} at start, {env.get('loadavg_end', '?')} at end")
    p(f"- service JDK: {env['service_jdk']}; load driver + collector JDK: {env['tool_jdk']}; {env['pinning']}")
    p(f"- build {env['git']}; service {env['service']}")
    p(f"- {env['settings']}; {env.get('fixed_rate', 'fixed rate: ?')}")
    p("- configurations run alternately, each run a fresh JVM; cells: median over runs, ×ratio to `none`"
      " (min–max over runs in the per-run table below)")
    p()
    p("| metric | " + " | ".join(configs) + " |")
    p("|---|" + "---:|" * len(configs))
    for label, key, nd in METRICS:
        base = med(values("none", key)) if "none" in configs else float("nan")
        cells = []
        for c in configs:
            v = values(c, key)
            if not v:
                cells.append("–")
                continue
            m = med(v)
            ratio = f" (×{m / base:.2f})" if c != "none" and base == base and base else ""
            cells.append(fmt(m, nd) + ratio)
        p(f"| {label} | " + " | ".join(cells) + " |")
    errs = {c: sum((r["sat_errors"] or 0) + (r["fixed_errors"] or 0) for r in runs if r["config"] == c) for c in configs}
    p("| HTTP errors (all runs) | " + " | ".join(str(int(errs[c])) for c in configs) + " |")
    # an open loop whose target cannot keep up: requests due while --max-in-flight are outstanding are not sent
    drops = {c: sum(r.get("fixed_dropped") or 0 for r in runs if r["config"] == c) for c in configs}
    p("| fixed rate: requests not sent, target saturated (all runs) | " + " | ".join(str(int(drops[c])) for c in configs) + " |")
    p()
    p("Per run, in the order they ran:")
    p()
    p("| round | config | start ms | sat req/s | sat p99 ms | fixed p50 ms | fixed p99 ms | CPU µs/req | alloc MB/s | heap MB | threads |")
    p("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        p(f"| {int(r['round'])} | {r['config']} | {fmt(r['start_ms'], 0)} | {fmt(r['sat_rps'], 0)} | {fmt(r['sat_p99_ms'], 2)}"
          f" | {fmt(r['fixed_p50_ms'], 2)} | {fmt(r['fixed_p99_ms'], 2)} | {fmt(r['cpu_us_per_req'], 0)}"
          f" | {fmt(r['alloc_mb_s'], 1)} | {fmt(r['heap_mb'], 1)} | {fmt(r['threads'], 0)} |")
    p()
    keys = ["traces.completed", "traces.kept", "spans.exported", "spans.dropped.queue_full",
            "spans.dropped.export_failed", "agent.errors"]
    agent_runs = [r for r in runs if r["config"] != "none"]
    if agent_runs:
        p("What each agent run delivered (collector `summary.json`: the hotpath agent's counters; spans received for all):")
        p()
        p("| round | config | " + " | ".join(keys) + " | collector spans received |")
        p("|---|---|" + "---:|" * (len(keys) + 1))
        for r in agent_runs:
            ac, cc = r.get("agent_counters"), r.get("collector_counters")
            if cc is None:
                p(f"| {int(r['round'])} | {r['config']} | " + " | ".join("?" for _ in keys) + " | summary.json missing |")
                continue
            cells = [str(ac.get(k, 0)) if ac else "–" for k in keys] if r["config"].startswith("hotpath") else ["–"] * len(keys)
            p(f"| {int(r['round'])} | {r['config']} | " + " | ".join(cells) + f" | {cc.get('received.spans', 0)} |")
        p()
    p(f"Raw data: `{out}` (results.tsv, and per run the service's gc.log, the load driver's JSON and the collector's run directory)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "gc":
        a = allocation(sys.argv[2])
        print("\t".join(map(str, a)) if a else "\t\t")
    elif len(sys.argv) == 3 and sys.argv[1] == "table":
        table(sys.argv[2])
    else:
        sys.exit(__doc__)

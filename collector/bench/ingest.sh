#!/usr/bin/env bash
# Collector benchmarks, one command: OTLP ingest spans/s per core (protobuf vs JSON; JMH, single-threaded, through
# decode -> trace assembly -> traces.jsonl, run statistics and every detector's onTrace), JFR parse MB/s (JMH, the
# committed fixture and a recording made at set-up), retained bytes per in-flight trace (heap after GC, 9,200 open
# traces), and request end -> finding latency (a real collector on loopback, default settings, p50/p99 of 200 runs).
# Prints a markdown table; the header says when, where, which revision and the load average (other processes
# share the CPU: the "per CPU-second" columns divide by the benchmark thread's own CPU time, so they hold up
# under load where wall-clock throughput does not).
# Usage: collector/bench/ingest.sh [--quick]      (from anywhere; builds what it needs; about 6 min, --quick 3)
set -euo pipefail
QUICK=; [ "${1:-}" = "--quick" ] && QUICK=1
cd "$(dirname "$0")/../.."
command -v python3 >/dev/null || { echo "ingest.sh: python3 is needed for the table" >&2; exit 2; }
log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
log "building the collector and its test classes (mvn -pl collector -am test-compile)"
build() { mvn "$@" -q -B -pl collector -am test-compile dependency:build-classpath \
            -Dmdep.outputFile="$PWD/collector/target/bench.classpath" -Dmdep.includeScope=test; }
build -o 2>/dev/null || build
cp="collector/target/test-classes:collector/target/classes:$(cat collector/target/bench.classpath)"
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
jmh=(-f 1); [ -n "$QUICK" ] && jmh=(-f 1 -wi 3 -w 2 -i 3 -r 2)
log "JMH IngestBenchmark (protobuf, json) with -prof gc"
java -cp "$cp" org.openjdk.jmh.Main 'IngestBenchmark' "${jmh[@]}" -prof gc -rf json -rff "$out/ingest.json" > "$out/ingest.txt" 2>&1 \
  || { cat "$out/ingest.txt"; exit 1; }
log "JMH JfrParseBenchmark (fixture, recorded)"
java -cp "$cp" org.openjdk.jmh.Main 'JfrParseBenchmark' "${jmh[@]}" -rf json -rff "$out/jfr.json" > "$out/jfr.txt" 2>&1 \
  || { cat "$out/jfr.txt"; exit 1; }
grep -o 'jfr bytes: [0-9]*' "$out/jfr.txt" | awk '{print $3}' > "$out/jfr.sizes"
log "retained bytes per in-flight trace"
for f in protobuf json; do
  java -Xms512m -Xmx512m -cp "$cp" dev.hotpath.collector.bench.InFlightTraceMemory "$f" >> "$out/memory.txt"
done
log "request end -> finding latency through a real collector (200 runs, 50 ms apart)"
runs=200; [ -n "$QUICK" ] && runs=60
java -cp "$cp" dev.hotpath.collector.bench.FindingLatency "$runs" 50 > "$out/latency.txt" 2>/dev/null
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
jv=$(java -version 2>&1 | head -1)
python3 - "$out" "$load_before" "$load_after" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(uname -m), $(nproc) cores, $cpu" \
  "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- collector || echo '+dirty')" "$jv" <<'PY'
import json, sys
d, lb, la, when, machine, rev, jv = sys.argv[1:8]
def rows(name):
    out = {}
    for r in json.load(open(f"{d}/{name}.json")):
        p = list(r.get("params", {}).values())[0]
        sm = r["secondaryMetrics"]
        g = lambda k: (sm.get(k) or sm.get("·" + k) or {}).get("score", float("nan"))
        out[p] = dict(score=r["primaryMetric"]["score"], err=r["primaryMetric"]["scoreError"], cpu=g("cpuNanos"), work=g("work"),
                      alloc=g("gc.alloc.rate.norm"))
    return out
ing, jfr = rows("ingest"), rows("jfr")
sizes = [int(x) for x in open(f"{d}/jfr.sizes").read().split()]
size = {"fixture": sizes[0], "recorded": sizes[-1]}
mem = {l.split()[0]: l.split() for l in open(f"{d}/memory.txt")}
lat = open(f"{d}/latency.txt").read().split()
print(f"## Collector benchmarks\n\n{when} · {machine} · {jv} · git {rev} · load average {lb} before, {la} after\n")
print("| measure | figure | note |\n|---|---|---|")
for f in ("protobuf", "json"):
    r = ing[f]
    print(f"| OTLP ingest, {f} | {r['score']:,.0f} ± {r['err']:,.0f} spans/s (wall) · **{r['work'] / r['cpu'] * 1e9:,.0f} spans per CPU-second** · {r['alloc'] / 1:,.0f} B allocated/span |"
          f" one thread = one core; batch of 23 traces x 23 spans; decode -> assembly -> traces.jsonl, stats, detectors |")
p, j = ing["protobuf"], ing["json"]
print(f"| JSON vs protobuf | JSON at {100 * (j['work'] / j['cpu']) / (p['work'] / p['cpu']):.0f}% of protobuf per CPU-second | |")
for k in ("fixture", "recorded"):
    r = jfr[k]
    print(f"| JFR parse, {k} ({size[k] / 1e6:.2f} MB) | {r['score'] * size[k] / 1e6:,.1f} MB/s (wall) · **{r['work'] / r['cpu'] * 1e3:,.1f} MB per CPU-second** | JMC parser + extraction, one thread |")
for f in ("protobuf", "json"):
    m = mem[f]
    print(f"| memory per in-flight trace ({f}) | **{int(m[3]):,} bytes/trace** ({int(m[4]):,} bytes/span) | heap after GC, {int(m[1]):,} open traces of 23 spans |")
print(f"| request end -> finding | **p50 {int(lat[1]):,} ms · p99 {int(lat[2]):,} ms** (max {int(lat[3]):,} ms, {lat[0]} runs) |"
      " real collector on loopback, default settings: quiet period 1 s + sweep (250 ms) + next flush (every 2 s) |")
PY

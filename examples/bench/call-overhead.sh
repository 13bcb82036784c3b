#!/usr/bin/env bash
# JMH per-call costs without and with the agent: JDBC execute (JdbcCallBenchmark), connection acquire
# (ConnectionAcquireBenchmark), HTTP client call (HttpClientCallBenchmark), executor submit + run
# (ExecutorBenchmark); prints ns/op, B/op and ratios per benchmark method. Then the JDBC calls' bytes allocated by
# the calling thread alone (ThreadAllocation: exact, unaffected by the agent's own threads or a busy machine).
# Usage: examples/bench/call-overhead.sh [BENCHMARK_REGEX [JMH options, e.g. -f 1 -wi 3 -i 5]]
#        (default: all of them, as annotated: about 20 minutes; from anywhere; builds what it needs)
set -euo pipefail
pattern="${1:-Benchmark}"
shift || true
cd "$(dirname "$0")/../.."
[ -f agent/target/hotpath-agent.jar ] || mvn -q -B -DskipTests -pl agent/core -am package
# -am: the reactor's own modules, never stale copies from ~/.m2
mvn -q -B -pl examples -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/examples/target/bench.classpath" -Dmdep.includeScope=test
cp="examples/target/test-classes:examples/target/classes:$(cat examples/target/bench.classpath)"
# a closed port: export fails fast and is counted; sampling off so only the recording path is measured
agent="-javaagent:$PWD/agent/target/hotpath-agent.jar=collector=http://127.0.0.1:9,sample.rate=0"
out=$(mktemp -d)
for mode in none agent; do
  jvm=""; [ "$mode" = agent ] && jvm="$agent"
  java -cp "$cp" org.openjdk.jmh.Main "$pattern" "$@" -prof gc -rf json -rff "$out/$mode.json" \
       ${jvm:+-jvmArgsAppend "$jvm"} > "$out/$mode.txt" 2>&1 || { cat "$out/$mode.txt"; exit 1; }
done
python3 - "$out" <<'PY'
import json, sys
d = sys.argv[1]
def load(mode):
    rows = {}
    for r in json.load(open(f"{d}/{mode}.json")):
        name = ".".join(r["benchmark"].rsplit(".", 2)[1:])
        ns = r["primaryMetric"]["score"]; err = r["primaryMetric"]["scoreError"]
        sm = r["secondaryMetrics"]; b = (sm.get("gc.alloc.rate.norm") or sm.get("·gc.alloc.rate.norm") or {}).get("score", float("nan"))
        rows[name] = (ns, err, b)
    return rows
none, agent = load("none"), load("agent")
print(f"{'benchmark':<52} {'no agent ns':>12} {'agent ns':>12} {'added ns':>9} {'ratio':>6} {'no agent B':>11} {'agent B':>9}")
for k in sorted(none):
    n, a = none[k], agent[k]
    print(f"{k:<52} {n[0]:>8.0f}±{n[1]:<3.0f} {a[0]:>8.0f}±{a[1]:<3.0f} {a[0]-n[0]:>9.0f} {a[0]/n[0]:>6.2f} {n[2]:>11.0f} {a[2]:>9.0f}")
PY
echo
echo "bytes allocated per call by the calling thread only (ThreadAllocation; the agent's added bytes are the difference)"
for mode in none agent; do
  jvm=""; [ "$mode" = agent ] && jvm="$agent"
  java $jvm -cp "$cp" dev.hotpath.examples.bench.ThreadAllocation 2>/dev/null | cut -f1,2 > "$out/$mode.alloc"
done
paste "$out/none.alloc" "$out/agent.alloc" \
  | awk -F'\t' 'BEGIN{printf "%-52s %11s %9s %9s\n", "benchmark", "no agent B", "agent B", "added B"}
                 {printf "%-52s %11s %9s %9s\n", $1, $2, $4, $4-$2}'

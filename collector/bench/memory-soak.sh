#!/usr/bin/env bash
# Memory soak: a real collector process (the shaded jar, -Xmx512m) takes OTLP protobuf at a steady high rate from a
# separate load process (OtlpLoad: agent export batches of 23 traces x 23 spans, new trace ids each time) for N
# minutes; every 30 s the collector's heap is measured after a full GC (jcmd GC.class_histogram: the bytes that
# survived it). Prints the series and whether it is flat: the mean of the last third of the samples
# against the mean of the first third (flat = grew by less than 10%).
# Usage: collector/bench/memory-soak.sh [--minutes 10] [--rate 30000]    (spans/s; from anywhere; builds what it needs)
set -euo pipefail
MINUTES=10; RATE=30000
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "memory-soak: unknown flag $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ $MINUTES =~ ^[0-9]+$ && $MINUTES -ge 1 ]] || { echo "memory-soak: --minutes must be a whole number >= 1" >&2; exit 2; }
[[ $RATE =~ ^[0-9]+$ && $RATE -ge 1 ]] || { echo "memory-soak: --rate must be a whole number of spans/s" >&2; exit 2; }
cd "$(dirname "$0")/../.."
log() { printf '[soak %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
build() { mvn "$@" -q -B -pl collector -am package -DskipTests dependency:build-classpath \
            -Dmdep.outputFile="$PWD/collector/target/bench.classpath" -Dmdep.includeScope=test; }
log "building the collector jar and the load generator"
build -o 2>/dev/null || build
cp="collector/target/test-classes:collector/target/classes:$(cat collector/target/bench.classpath)"
out=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
collector_pid=; load_pid=
cleanup() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  [ -n "$collector_pid" ] && kill "$collector_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$out"
}
trap cleanup EXIT
trap 'exit 143' TERM INT   # run the cleanup on a kill too
java -Xms512m -Xmx512m -jar collector/target/hotpath-collector.jar --out "$out/run" --listen "127.0.0.1:$port" > "$out/collector.log" 2>&1 &
collector_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { cat "$out/collector.log"; echo "memory-soak: collector did not start" >&2; exit 1; }
seconds=$((MINUTES * 60))
log "collector pid $collector_pid on port $port; posting $RATE spans/s for $MINUTES min; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# the load outlasts the last sample by a few seconds, so every sample is taken under load
java -cp "$cp" dev.hotpath.collector.bench.OtlpLoad "http://127.0.0.1:$port" "$RATE" "$((seconds + 15))" > "$out/load.log" 2>&1 &
load_pid=$!
started=$(date +%s)
# the class histogram runs a full GC first and sums what survived: the live heap, exactly (reading jstat after a
# separate GC.run would also count what the ingest threads allocated in the second between the two)
heap_after_gc() {
  jcmd "$collector_pid" GC.class_histogram | awk '$1 == "Total" {printf "%.1f", $3 / 1048576}'
}
echo "| t (s) | heap after GC (MB) | spans received | in-flight traces | load average |"
echo "|---|---|---|---|---|"
samples=()
for ((t = 30; t <= seconds; t += 30)); do
  # on the clock, not 30 s after the previous sample: sampling takes a second or two and must not drift past the load
  sleep $((started + t - $(date +%s) > 0 ? started + t - $(date +%s) : 0))
  kill -0 "$collector_pid" 2>/dev/null || { cat "$out/collector.log"; echo "memory-soak: collector died" >&2; exit 1; }
  mb=$(heap_after_gc)
  health=$(curl -fs "http://127.0.0.1:$port/health")
  spans=$(printf '%s' "$health" | python3 -c 'import json,sys; h=json.load(sys.stdin); print(h["received"]["spans"], h["inFlightTraces"])')
  samples+=("$mb")
  echo "| $t | $mb | ${spans% *} | ${spans#* } | $(cut -d' ' -f1 /proc/loadavg) |"
done
kill "$load_pid" 2>/dev/null || true; wait "$load_pid" || true; load_pid=
tail -1 "$out/load.log" | awk '{printf "\nload: %s spans posted in %s s = %s spans/s achieved (asked %s), %s posts refused or failed\n", $3, $2, $4, "'"$RATE"'", $5}'
python3 - "${samples[@]}" <<'PY'
import sys
s = [float(x) for x in sys.argv[1:]]
n = max(1, len(s) // 3)
first, last = sum(s[:n]) / n, sum(s[-n:]) / n
growth = (last - first) / first if first else 0
print(f"heap after GC: first third {first:.1f} MB, last third {last:.1f} MB, growth {100 * growth:+.1f}% -> "
      + ("FLAT" if growth < 0.10 else "NOT FLAT (grew by 10% or more)"))
PY

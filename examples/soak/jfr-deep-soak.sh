#!/usr/bin/env bash
# JFR and deep mode soak (issue 7, item 9): the example shop with the agent as a deep-mode canary (async-profiler
# windows of wall, lock and alloc in turn) and continuous JFR with short rotation, at a steady arrival rate, under
# -XX:NativeMemoryTracking=summary. Every --sample-minutes it records the JVM's native memory (NMT committed, Java
# heap excluded), the size of the agent's JFR repository (jfr.dir) and the shop's CPU time. Prints the samples and
# PASS/FAIL against: native memory growth < 10 MB (from the end of the first deep cycle, minute 6, to the end: loading
# async-profiler is a one-time cost; the growth from minute 0 is printed too), repository never above
# jfr.max.bytes, CPU per request in the last minute within 20% of the minute before minute 6, no deep window over its
# CPU budget. (The agent's CPU overhead against a run without it is examples/bench/overhead.sh's job.)
#
# Usage: examples/soak/jfr-deep-soak.sh [--hours 2 | --minutes M] [--sample-minutes 5] [--rate 30]
#                                       [--jfr-period 10s] [--java /path/to/bin/java] [--out DIR]
set -euo pipefail
SOAK_NAME=jfr-deep-soak
MINUTES=120; SAMPLE=; RATE=30; JFR_PERIOD=10s; SHOP_JAVA=java; OUT=; JFR_MAX_BYTES=67108864
while [ $# -gt 0 ]; do
  case "$1" in
    --hours) MINUTES=$(( $2 * 60 )) ;; --minutes) MINUTES=$2 ;; --sample-minutes) SAMPLE=$2 ;; --rate) RATE=$2 ;;
    --jfr-period) JFR_PERIOD=$2 ;; --java) SHOP_JAVA=$2 ;; --out) OUT=$2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "$SOAK_NAME: unknown flag $1 (try --help)" >&2; exit 2 ;;
  esac
  shift 2
done
[ -n "$SAMPLE" ] || SAMPLE=$(( MINUTES >= 60 ? 5 : 1 ))
for v in MINUTES SAMPLE RATE; do [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "$SOAK_NAME: $v must be a positive integer" >&2; exit 2; }; done
cd "$(dirname "$0")/../.."
source examples/soak/common.sh
[ -n "$OUT" ] || OUT=$(mktemp -d /tmp/hotpath-jfr-deep-soak.XXXXXX)
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
build_and_snapshot "$OUT"
log "output in $OUT; ${MINUTES} min at ${RATE} req/s, JFR every ${JFR_PERIOD}, deep windows 30 s every 2 min, samples every ${SAMPLE} min"

start_collector "$OUT/run" 0
JFR_DIR=$OUT/agent-jfr
# deep.jdk.override: a soak measures the guardrails' footprint, and may run on a JDK build the deny list names
start_shop "collector=http://127.0.0.1:$COLL_PORT,service.name=shop,jfr.period=$JFR_PERIOD,jfr.dir=$JFR_DIR,jfr.max.bytes=$JFR_MAX_BYTES,deep=canary,deep.canary=true,deep.window=30s,deep.every=2m,deep.max.total=24h,deep.jdk.override=true" \
    -XX:NativeMemoryTracking=summary
drive 60 warmup

# the load runs in the background for the whole soak; samples are taken meanwhile
# (30 s longer than the sampling, so the last sample still sees the load)
timeout $(( MINUTES * 60 + 150 )) java -cp "$EXAMPLES_JAR" dev.hotpath.examples.load.LoadDriver --target "http://127.0.0.1:$SHOP_PORT" \
    --rate "$RATE" --ramp-up 0 --steady $(( MINUTES * 60 + 30 )) --ramp-down 0 --out "$OUT/soak.json" > "$OUT/soak.txt" 2> "$OUT/soak.err" &
LOAD_PID=$!; PIDS+=("$LOAD_PID")

SAMPLES=$OUT/samples.tsv
printf 'minute\tnative_committed_kb\trepository_bytes\tshop_cpu_s\n' > "$SAMPLES"
sample() {
  local nmt native heap
  nmt=$("$JCMD" "$SHOP_PID" VM.native_memory summary)
  native=$(echo "$nmt" | grep -m1 -oE 'Total: reserved=[0-9]+KB, committed=[0-9]+KB' | grep -oE 'committed=[0-9]+' | cut -d= -f2)
  heap=$(echo "$nmt" | grep -m1 -A1 -E 'Java Heap' | grep -oE 'committed=[0-9]+' | head -1 | cut -d= -f2)
  printf '%s\t%s\t%s\t%s\n' "$1" $(( native - heap )) "$(du -sb "$JFR_DIR" 2>/dev/null | cut -f1 || echo 0)" "$(cpu_seconds "$SHOP_PID")" >> "$SAMPLES"
}
MAXREPO=0
T0=$(date +%s)
sample 0
for m in $(seq 1 "$MINUTES"); do
  # on the clock (minute m after the start), whatever the probes cost; the repository is checked every 10 s in between
  while [ "$(date +%s)" -lt $(( T0 + m * 60 )) ]; do
    sleep 10
    size=$(du -sb "$JFR_DIR" 2>/dev/null | cut -f1 || echo 0)
    [ "$size" -gt "$MAXREPO" ] && MAXREPO=$size
  done
  if (( m % SAMPLE == 0 )) || (( m == MINUTES )); then sample "$m"; log "minute $m/$MINUTES: $(tail -1 "$SAMPLES")"; fi
done
wait "$LOAD_PID" || die "load driver failed, see $OUT/soak.err"
forget "$LOAD_PID"
stop "$SHOP_PID"
sleep 3
stop "$COLL_PID"

python3 - "$OUT" "$MAXREPO" "$JFR_MAX_BYTES" "$MINUTES" "$RATE" <<'PY'
import json, sys
out, maxrepo, bound, minutes, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rows = [l.rstrip("\n").split("\t") for l in open(f"{out}/samples.tsv")][1:]
rows = [(int(m), int(n), int(r), float(c)) for m, n, r, c in rows]
load = json.load(open(f"{out}/soak.json"))["total"]
agent = json.load(open(f"{out}/run/summary.json"))["counters"]["agent"]
# growth is measured from the end of the first deep cycle (wall, lock, alloc: 3 windows 2 min apart, minute 6): loading
# async-profiler and the JIT's first minutes are one-time costs, not growth; the total from minute 0 is printed too
steady = next((r for r in rows if r[0] >= 6 and r is not rows[-1]), rows[0])
growth_mb = (rows[-1][1] - steady[1]) / 1024
total_mb = (rows[-1][1] - rows[0][1]) / 1024
def steady_prev(r): return rows[rows.index(r) - 1]
# CPU per request: first and last sampling interval (requests at the fixed rate)
def cpu_per_req(a, b): return (b[3] - a[3]) / max(1, (b[0] - a[0]) * 60 * float(rate)) * 1000
first = cpu_per_req(steady_prev(steady), steady) if steady is not rows[0] else cpu_per_req(rows[0], rows[1])
last = cpu_per_req(rows[-2], rows[-1])
aborted = agent.get("deep.windows.aborted.cpu_budget", 0)
print(f"\nJFR + deep soak, {minutes} min at {rate} req/s (output {out})")
print("  minute  native KB (NMT, heap excl.)  JFR repository  shop CPU s")
for m, n, r, c in rows:
    print(f"  {m:6d}  {n:27d}  {r / 1048576:11.1f} MiB  {c:10.1f}")
checks = [
    ("native memory growth < 10 MB", growth_mb < 10, f"{growth_mb:+.1f} MB (NMT committed, Java heap excluded, minute {steady[0]} -> {rows[-1][0]}; {total_mb:+.1f} MB from minute 0)"),
    ("JFR repository bounded", maxrepo <= bound, f"max {maxrepo / 1048576:.1f} MiB of {bound / 1048576:.0f} MiB (jfr.max.bytes)"),
    ("CPU per request steady (<= 1.2x)", last <= 1.2 * first, f"{first:.2f} -> {last:.2f} ms CPU per request (the minute before minute {steady[0]} vs the last)"),
    ("no deep window over its CPU budget", aborted == 0,
     f"{agent.get('deep.windows.completed', 0)} windows completed, {aborted} aborted; JFR chunks uploaded {agent.get('jfr.chunks.uploaded', 0)}, dropped {agent.get('jfr.chunks.dropped.disk_limit', 0) + agent.get('jfr.chunks.dropped.upload_failed', 0)}"),
    ("zero load errors", load["errors"] == 0 and load["dropped"] == 0, f"{load['errors']} errors, {load['dropped']} not sent, p99 {load['p99Ms']} ms"),
]
for name, ok, figure in checks:
    print(f"  {'PASS' if ok else 'FAIL'}  {name:36s} {figure}")
sys.exit(0 if all(ok for _, ok, _ in checks) else 1)
PY

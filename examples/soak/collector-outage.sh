#!/usr/bin/env bash
# The collector gone under steady load (issue 7, item 1), the long version of CollectorOutageIT: the example shop
# with the agent (every trace kept) at a fixed arrival rate; a collector process is stopped for --outage-seconds,
# then a new one starts on the same port. Prints p99 of the outage vs the baseline, the shop's retained heap
# growth (jcmd GC.run + GC.heap_info), hotpath-* threads before/during/after, spans sent (kept by the agent) =
# received by the collectors + dropped (the agent's counters), app errors, whether export resumed by itself,
# and PASS/FAIL against issue 7's bounds (p99 within 5%, heap growth < 20 MB, exact accounting, threads unchanged,
# zero errors, export resumed).
#
# Usage: examples/soak/collector-outage.sh [--outage-seconds 600] [--baseline-seconds 120] [--after-seconds 60]
#                                          [--rate 40] [--java /path/to/bin/java] [--out DIR]
set -euo pipefail
SOAK_NAME=collector-outage
OUTAGE=600; BASELINE=120; AFTER=60; RATE=40; SHOP_JAVA=java; OUT=
while [ $# -gt 0 ]; do
  case "$1" in
    --outage-seconds) OUTAGE=$2 ;; --baseline-seconds) BASELINE=$2 ;; --after-seconds) AFTER=$2 ;;
    --rate) RATE=$2 ;; --java) SHOP_JAVA=$2 ;; --out) OUT=$2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "$SOAK_NAME: unknown flag $1 (try --help)" >&2; exit 2 ;;
  esac
  shift 2
done
for v in OUTAGE BASELINE AFTER RATE; do [[ ${!v} =~ ^[0-9]+$ ]] || { echo "$SOAK_NAME: $v must be an integer" >&2; exit 2; }; done
cd "$(dirname "$0")/../.."
source examples/soak/common.sh
[ -n "$OUT" ] || OUT=$(mktemp -d /tmp/hotpath-collector-outage.XXXXXX)
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
build_and_snapshot "$OUT"
log "output in $OUT; outage ${OUTAGE}s at ${RATE} req/s"

start_collector "$OUT/run" 0
PORT=$COLL_PORT
start_shop "collector=http://127.0.0.1:$PORT,service.name=shop,sample.rate=1"
drive 30 warmup
drive "$BASELINE" baseline
HEAP0=$(heap_after_gc_kb "$SHOP_PID"); THREADS0=$(threads_with_prefix "$SHOP_PID" hotpath-)

log "stopping the collector for ${OUTAGE}s"
stop "$COLL_PID"
cp "$OUT/run/summary.json" "$OUT/summary-first-collector.json"
drive "$OUTAGE" outage
HEAP1=$(heap_after_gc_kb "$SHOP_PID"); THREADS1=$(threads_with_prefix "$SHOP_PID" hotpath-)

RESTART_NS=$(( $(date +%s%N) ))
start_collector "$OUT/run" "$PORT"
log "collector back on port $PORT"
drive "$AFTER" after
HEAP2=$(heap_after_gc_kb "$SHOP_PID"); THREADS2=$(threads_with_prefix "$SHOP_PID" hotpath-)
stop "$SHOP_PID"   # the agent delivers what it holds and its last counters
sleep 3            # the last traces complete (quiet period) before the final flush
stop "$COLL_PID"

python3 - "$OUT" "$RESTART_NS" "$HEAP0" "$HEAP1" "$HEAP2" "$THREADS0" "$THREADS1" "$THREADS2" "$OUTAGE" <<'PY'
import json, sys, re
out, restart_ns = sys.argv[1], int(sys.argv[2])
heap0, heap1, heap2, t0, t1, t2 = (int(x) for x in sys.argv[3:9])
outage_s = sys.argv[9]
load = {n: json.load(open(f"{out}/{n}.json"))["total"] for n in ("baseline", "outage", "after")}
first = json.load(open(f"{out}/summary-first-collector.json"))["counters"]
second = json.load(open(f"{out}/run/summary.json"))["counters"]
def agent(k): return first["agent"].get(k, 0) + second["agent"].get(k, 0)
sent = agent("spans.kept")
dropped = sum(agent(k) for k in ("spans.dropped.queue_full", "spans.dropped.export_failed", "spans.dropped.too_large", "spans.dropped.rejected"))
exported = agent("spans.exported")
received = first["collector"].get("received.spans", 0) + second["collector"].get("received.spans", 0)
resumed = False
for line in open(f"{out}/run/traces.jsonl"):
    m = re.search(r'"startEpochNanos":(\d+)', line)
    if m and int(m.group(1)) > restart_ns:
        resumed = True
        break
errors = sum(load[n]["errors"] + load[n]["dropped"] for n in load)
app_errors = [l for l in open(f"{out}/shop.out").read().splitlines() + open(f"{out}/shop.err").read().splitlines()
              if not l.startswith("[hotpath]") and ("Exception" in l or "Error" in l)]
ratio = load["outage"]["p99Ms"] / load["baseline"]["p99Ms"] if load["baseline"]["p99Ms"] else float("inf")
growth_mb = (heap1 - heap0) / 1024
checks = [
    ("p99 outage / baseline <= 1.05", ratio <= 1.05, f"{load['baseline']['p99Ms']:.1f} ms -> {load['outage']['p99Ms']:.1f} ms (x{ratio:.3f})"),
    ("heap growth after GC < 20 MB", growth_mb < 20, f"{growth_mb:+.1f} MB during the outage, {(heap2 - heap0) / 1024:+.1f} MB after"),
    ("sent = received + dropped", sent == received + dropped and exported == received,
     f"sent {sent} = received {received} + dropped {dropped} (exported {exported}; queue_full {agent('spans.dropped.queue_full')}, export_failed {agent('spans.dropped.export_failed')})"),
    ("hotpath threads unchanged", t0 == t1 == t2, f"{t0} / {t1} / {t2} (before / during / after)"),
    ("zero app errors", errors == 0 and not app_errors, f"{errors} load errors, {len(app_errors)} error lines in the shop's output"),
    ("export resumed by itself", resumed, "traces of requests after the restart on disk" if resumed else "none after the restart"),
]
print(f"\ncollector outage of {outage_s} s at {json.load(open(f'{out}/baseline.json'))['plan']['ratePerSecond']} req/s (output {out})")
for name, ok, figure in checks:
    print(f"  {'PASS' if ok else 'FAIL'}  {name:32s} {figure}")
sys.exit(0 if all(ok for _, ok, _ in checks) else 1)
PY

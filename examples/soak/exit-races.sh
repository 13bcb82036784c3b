#!/usr/bin/env bash
# JVM exit with JFR on (issue 7): RUNS starts of the example shop with the agent (jfr.period 60 s, so the only chunk
# is the partial one written at exit). Each gets one request, which starts the exporter and JFR, then a SIGTERM at a
# random moment within the next 1.5 s: before, during or after JFR's start, while JFR's own shutdown hook runs.
# Pass: every JVM exits within 15 s of the signal (else its jcmd Thread.print is kept and it counts as a hang), and
# the collector receives one chunk for every run whose agent printed "JFR recording started".
# Usage: examples/soak/exit-races.sh [runs]     (from anywhere; builds what is missing; ~8 s per run)
set -euo pipefail
cd "$(dirname "$0")/../.."
SOAK_NAME=exit-races
RUNS=${1:-40}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "exit-races: runs must be a whole number >= 1, got '$RUNS'" >&2; exit 2; }
SHOP_JAVA=${SHOP_JAVA:-java}
OUT=$(mktemp -d /tmp/hotpath-exit-races.XXXXXX)
# shellcheck source=common.sh
source examples/soak/common.sh
build_and_snapshot "$OUT"
start_collector "$OUT/run" 0
hangs=0; started=0
for i in $(seq 1 "$RUNS"); do
  start_shop "collector=http://127.0.0.1:$COLL_PORT,jfr.period=60s,jfr.dir=$OUT/jfr-$i"
  curl -s -o /dev/null "http://127.0.0.1:$SHOP_PORT/customers/1/orders-fixed"
  sleep "$(python3 -c 'import random; print(round(random.uniform(0, 1.5), 2))')"
  kill -TERM "$SHOP_PID"
  exited=
  for _ in $(seq 1 150); do kill -0 "$SHOP_PID" 2>/dev/null || { exited=1; break; }; sleep 0.1; done
  if [ -z "$exited" ]; then
    hangs=$((hangs + 1))
    "$JCMD" "$SHOP_PID" Thread.print -l > "$OUT/hang-$i-threads.txt" 2>&1 || true
    log "run $i: no exit within 15 s of SIGTERM; threads in $OUT/hang-$i-threads.txt"
  fi
  stop "$SHOP_PID" 1
  cp "$OUT/shop.err" "$OUT/shop-$i.err"
  if grep -q "JFR recording started" "$OUT/shop-$i.err"; then started=$((started + 1)); fi
done
stop "$COLL_PID"   # writes summary.json with its counters
received=$(python3 -c "import json; print(json.load(open('$OUT/run/summary.json'))['counters']['collector'].get('jfr.chunks.received', 0))")
echo "exit races: $RUNS runs, $hangs hung; JFR started in $started, last chunks received $received (output in $OUT)"
[ "$hangs" = 0 ] && [ "$received" = "$started" ]

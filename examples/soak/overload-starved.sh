#!/usr/bin/env bash
# The overload breaker on a starved machine (issue 7, item 10): runs OverloadBreakerIT (both its cases, on every JDK
# the tests use) RUNS times while BURNERS busy-loop processes compete for the CPUs, so the agent's breaker thread
# is starved the way it is on an oversubscribed host. Prints, per run, the load average and how many seconds after
# the burn began each case shed; the IT's own checks (traces kept/dropped, one line per decision, shed within 10 s
# with the collector hung) must pass in every run.
# Usage: examples/soak/overload-starved.sh [runs] [burners]     (from anywhere; ~2 min per run; defaults 3 and 14)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
BURNERS=${2:-14}
[[ $RUNS =~ ^[1-9][0-9]*$ && $BURNERS =~ ^[0-9]+$ ]] \
  || { echo "overload-starved: runs must be >= 1 and burners >= 0 (whole numbers), got '$RUNS' '$BURNERS'" >&2; exit 2; }
OUT=$(mktemp -d /tmp/hotpath-overload-starved.XXXXXX)
BURNER_PIDS=()
stop_burners() { local p; for p in "${BURNER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; BURNER_PIDS=(); }
trap stop_burners EXIT
mvn -o -q -B -DskipTests package -pl examples -am
failed=0
for i in $(seq 1 "$RUNS"); do
  for _ in $(seq 1 "$BURNERS"); do (while :; do :; done) & BURNER_PIDS+=($!); done
  sleep 20 # let the load average climb
  if mvn -o -B verify -pl examples -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OverloadBreakerIT \
      > "$OUT/run-$i.log" 2>&1; then result=passed; else result=FAILED; failed=$((failed + 1)); fi
  load=$(cut -d' ' -f1 /proc/loadavg) # the 1-minute average at the end of the run
  stop_burners
  sheds=$(grep -oE 'shed [0-9.]+ s after the burn' "$OUT/run-$i.log" | grep -oE '[0-9.]+' | paste -sd' ' || true)
  echo "run $i: $result at load average $load ($BURNERS burners); shed after (s): ${sheds:-none}"
  sleep 10
done
echo "overload-starved: $RUNS runs, $failed failed (logs in $OUT)"
[ "$failed" = 0 ]

#!/usr/bin/env bash
# Start-up races at scale (issue 7, item 6): StartupRaceIT with 100 JVM starts per JDK whose threads load and
# use instrumented classes (JDBC, HikariCP, a throwaway URLClassLoader, four HTTP clients, executors) while
# hotpath's premain runs, plus 10 attaches during the same work. Any start that does not exit within
# HOTPATH_STARTUP_TIMEOUT seconds is a hang: its jcmd Thread.print goes into the report and the run fails.
# Usage: examples/soak/startup-races.sh [starts] [attaches]     (from anywhere; needs a built ~/.m2, runs offline)
set -euo pipefail
cd "$(dirname "$0")/../.."
starts=${1:-100}
attaches=${2:-10}
timeout=${HOTPATH_STARTUP_TIMEOUT:-300}
t0=$(date +%s)
status=0
mvn -o -B -q -pl examples -am verify -Dit.test=StartupRaceIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dhotpath.it.startups="$starts" -Dhotpath.it.attaches="$attaches" -Dhotpath.it.startup.timeout="$timeout" || status=$?
report=examples/target/failsafe-reports/TEST-dev.hotpath.examples.e2e.StartupRaceIT.xml
ok=$(grep -c 'STARTUP OK' "$report" || true)
hung=$(grep -c ' hung (no exit within' "$report" || true)
echo "startup races: $ok starts finished OK, $hung hung, in $(( $(date +%s) - t0 )) s (exit $status); per start: grep 'premain start\|attach ' $report"
exit $status

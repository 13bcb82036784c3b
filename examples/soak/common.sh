# Shared by the soak scripts (sourced, not run): jars, process bookkeeping, collector and shop processes, jcmd probes.
# Everything started through these functions is stopped on exit (trap); loopback only.

log() { printf '[soak %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { echo "$SOAK_NAME: $*" >&2; exit 1; }

# build_and_snapshot OUT: builds what is missing (package, never install), copies the jars into OUT/jars
build_and_snapshot() {
  local out=$1
  if [ ! -f agent/target/hotpath-agent.jar ] || [ ! -f collector/target/hotpath-collector.jar ] \
     || [ ! -f examples/target/hotpath-examples.jar ]; then
    mvn -o -q -B -DskipTests package -pl examples -am
  fi
  # others may rebuild target/ while a soak runs: a jar rewritten under a live JVM breaks it
  mkdir -p "$out/jars"
  cp agent/target/hotpath-agent.jar collector/target/hotpath-collector.jar examples/target/hotpath-examples.jar "$out/jars/"
  AGENT_JAR=$out/jars/hotpath-agent.jar; COLLECTOR_JAR=$out/jars/hotpath-collector.jar; EXAMPLES_JAR=$out/jars/hotpath-examples.jar
}

PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
forget() { local p keep=(); for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done; PIDS=("${keep[@]}"); }
# stop PID [seconds]: SIGTERM (shutdown hooks run: the agent's last export, the collector's last flush), then SIGKILL
stop() {
  local pid=$1 grace=${2:-30}
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget "$pid"
}
# await_line FILE REGEX SECONDS: prints the first capture group of the first matching line
await_line() {
  local file=$1 re=$2 secs=$3 line
  for _ in $(seq 1 $((secs * 10))); do
    if [ -f "$file" ]; then
      line=$(grep -m1 -oE "$re" "$file" || true)
      if [ -n "$line" ]; then [[ $line =~ $re ]] && echo "${BASH_REMATCH[1]}"; return 0; fi
    fi
    sleep 0.1
  done
  return 1
}

# start_collector DIR PORT -> COLL_PID COLL_PORT (PORT 0: any free port)
start_collector() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  java -Xmx512m -jar "$COLLECTOR_JAR" --out "$dir" --listen "127.0.0.1:$port" >> "$OUT/collector.out" 2>> "$OUT/collector.err" &
  COLL_PID=$!; PIDS+=("$COLL_PID")
  COLL_PORT=$(await_line "$OUT/collector.out" 'listening on http://127\.0\.0\.1:([0-9]+)' 60 | tail -1) \
    || die "collector did not start, see $OUT/collector.err"
  [ "$port" = 0 ] || COLL_PORT=$port
}

# start_shop AGENT_ARGS [JVM_OPTS...] -> SHOP_PID SHOP_PORT
start_shop() {
  local args=$1; shift
  "$SHOP_JAVA" "$@" "-javaagent:$AGENT_JAR=$args" -cp "$EXAMPLES_JAR" dev.hotpath.examples.shop.ShopService --port 0 \
      > "$OUT/shop.out" 2> "$OUT/shop.err" &
  SHOP_PID=$!; PIDS+=("$SHOP_PID")
  SHOP_PORT=$(await_line "$OUT/shop.out" 'SHOP LISTENING ([0-9]+)' 120) || die "shop did not start, see $OUT/shop.err"
}

# drive SECONDS NAME: the load driver at RATE for SECONDS against the shop, report in OUT/NAME.json
drive() {
  local secs=$1 name=$2
  timeout $((secs + 90)) java -cp "$EXAMPLES_JAR" dev.hotpath.examples.load.LoadDriver --target "http://127.0.0.1:$SHOP_PORT" \
      --rate "$RATE" --ramp-up 0 --steady "$secs" --ramp-down 0 --out "$OUT/$name.json" > "$OUT/$name.txt" 2> "$OUT/$name.err" \
    || die "load driver failed ($name), see $OUT/$name.err"
}

JCMD=$(dirname "$(readlink -f "$(command -v "${SHOP_JAVA:-java}")")")/jcmd
# heap_after_gc_kb PID: heap used right after a full GC (what is retained)
heap_after_gc_kb() {
  "$JCMD" "$1" GC.run > /dev/null
  "$JCMD" "$1" GC.heap_info | grep -m1 -oE 'heap +total [^[]*used [0-9]+K' | grep -oE '[0-9]+K$' | tr -d K
}
# threads_with_prefix PID PREFIX
threads_with_prefix() { "$JCMD" "$1" Thread.print | grep -c "^\"$2" || true; }
# cpu_seconds PID: user+system CPU of the process so far
cpu_seconds() { local l; read -r l < "/proc/$1/stat"; l=${l##*) }; local f=($l); python3 -c "print(round(($((f[11] + f[12])))/$(getconf CLK_TCK), 2))"; }

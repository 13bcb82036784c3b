#!/usr/bin/env bash
# End-to-end overhead of the hotpath agent next to the OpenTelemetry Java agent, on one service, in one run.
#
# Configurations, run ALTERNATELY (none, hotpath, hotpath-deep, otel, none, hotpath, ...), each run a fresh JVM:
#   none          no agent
#   hotpath       the hotpath agent, default settings (continuous, JFR on), exporting to a hotpath collector
#   hotpath-nojfr the same with jfr=off (only with --configs)
#   hotpath-deep  the hotpath agent as a deep-mode canary profiling all the time (10 s windows back to back,
#                 wall/lock/alloc in turn, CPU budget 100%, so never aborted): the upper bound of deep mode's cost
#   hotpath-base  (only with --baseline-agent JAR) the hotpath configuration with another agent jar, e.g. the
#                 build before a change: before/after figures from one run, each as a ratio to `none`
#   otel          the OpenTelemetry Java agent 2.31.1 (default sampling) exporting OTLP http/protobuf to the
#                 hotpath collector (metrics and logs exporters off)
# Per run: unmeasured warm-up (closed loop), saturation throughput and its p50/p99 (closed loop, --connections
# workers), then a fixed moderate rate (open loop, coordinated-omission free): its p50/p99, service CPU per request,
# allocation rate and bytes per request (GC log between two `jcmd GC.run`), heap after the second full GC, threads,
# peak RSS. Then start-up alone: several alternating starts per configuration, launch to the first HTTP answer.
# Every figure is also given as a ratio to `none`. Load comes from a separate JVM; with taskset and >= 2 CPUs the
# service is pinned to CPU 0 and the load driver, the collector and jcmd to CPU 1 (the output says which).
#
# Usage (from anywhere; builds the jars if missing; fetches the OpenTelemetry agent with Maven):
#   examples/bench/overhead.sh [--quick] [--configs none,hotpath,hotpath-deep,otel] [--rounds 3] [--starts 5]
#       [--warmup 20] [--saturation 20] [--fixed 20] [--connections 16] [--rate R | --rate-fraction 0.5]
#       [--service ledger|shop | --jar APP.jar [--main-class C] --path /route/{id} [--ids N] [--app-args '--port {port}']]
#       [--baseline-agent OLD-hotpath-agent.jar] [--java /path/to/bin/java] [--jvm-opts '-Xmx512m'] [--no-pin] [--start-timeout 300] [--out DIR]
#   --quick           ~3-minute smoke run: 1 round, 8 s phases, 2 starts per configuration
#   --rate R          the fixed rate in req/s; default: --rate-fraction (0.5) x the no-agent saturation throughput
#                     of round 1 (so `none` must be among the configs), then the same rate for every run
#   --service         ledger (default): 20 small JDBC queries per request, GET /accounts/{id}/statement;
#                     shop: the example shop's GET /customers/{id}/orders-fixed (one join)
#   --jar             any HTTP service: {port} in --app-args becomes a free port (or --app-port N for a fixed one);
#                     {id} in --path becomes an id in 1..--ids; ready = the first HTTP answer on --path
# Output: a markdown table on stdout and in $OUT/BENCHMARKS.part.md, raw figures in $OUT/results.tsv, every
# process's logs under $OUT. Every process started here is stopped on exit; nothing runs unbounded.
# Default run (4 configs x 3 rounds x ~75 s, plus 5 starts each) takes about 17-19 minutes on 2 cores.
set -euo pipefail

CONFIGS=${CONFIGS:-none,hotpath,hotpath-deep,otel}; ROUNDS=${ROUNDS:-3}; STARTS=${STARTS:-5}
WARMUP=${WARMUP:-20}; SATURATION=${SATURATION:-20}; FIXED=${FIXED:-20}; CONNECTIONS=${CONNECTIONS:-16}
RATE=${RATE:-}; RATE_FRACTION=${RATE_FRACTION:-0.5}; SERVICE=${SERVICE:-ledger}
APP_JAR=; MAIN_CLASS=; APP_PATH=; IDS=; APP_ARGS=; APP_PORT=
BASELINE_AGENT=${BASELINE_AGENT:-}; SVC_JAVA=${SVC_JAVA:-java}; JVM_OPTS=${JVM_OPTS:-}; PIN=${PIN:-1}; OUT=${OUT:-}; START_TIMEOUT=${START_TIMEOUT:-300}
OTEL_VERSION=2.31.1; DEEP_WINDOW=10s

usage() { sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "overhead: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  flag=$1; val=; has_val=
  case "$flag" in --*=*) val=${flag#*=}; flag=${flag%%=*}; has_val=1 ;; esac
  case "$flag" in
    -h|--help) usage; exit 0 ;;
    --quick) ROUNDS=1; STARTS=2; WARMUP=8; SATURATION=8; FIXED=8; shift; continue ;;
    --no-pin) PIN=; shift; continue ;;
  esac
  if [ -z "$has_val" ]; then
    [ $# -ge 2 ] || die "missing value for $flag (try --help)"
    val=$2; shift
  fi
  case "$flag" in
    --configs) CONFIGS=$val ;; --rounds) ROUNDS=$val ;; --starts) STARTS=$val ;; --warmup) WARMUP=$val ;;
    --saturation) SATURATION=$val ;; --fixed) FIXED=$val ;; --connections) CONNECTIONS=$val ;;
    --rate) RATE=$val ;; --rate-fraction) RATE_FRACTION=$val ;; --service) SERVICE=$val ;;
    --jar) APP_JAR=$val; SERVICE=custom ;; --main-class) MAIN_CLASS=$val ;; --path) APP_PATH=$val ;; --ids) IDS=$val ;;
    --app-args) APP_ARGS=$val ;; --app-port) APP_PORT=$val ;; --baseline-agent) BASELINE_AGENT=$val ;;
    --java) SVC_JAVA=$val ;; --jvm-opts) JVM_OPTS=$val ;; --out) OUT=$val ;; --start-timeout) START_TIMEOUT=$val ;;
    *) die "unknown flag $flag (try --help)" ;;
  esac
  shift
done
for v in ROUNDS STARTS CONNECTIONS START_TIMEOUT; do [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a whole number >= 1, got '${!v}'"; done
for v in WARMUP SATURATION FIXED RATE_FRACTION; do [[ ${!v} =~ ^[0-9]+([.][0-9]+)?$ ]] || die "$v must be a number, got '${!v}'"; done
[ -z "$RATE" ] || [[ $RATE =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--rate must be a number, got '$RATE'"
[ -z "$APP_PORT" ] || [[ $APP_PORT =~ ^[0-9]+$ ]] || die "--app-port must be a port number"
if [ -n "$BASELINE_AGENT" ]; then
  [ -f "$BASELINE_AGENT" ] || die "--baseline-agent: no file $BASELINE_AGENT"
  BASELINE_AGENT=$(cd "$(dirname "$BASELINE_AGENT")" && pwd)/$(basename "$BASELINE_AGENT")
  [[ ",$CONFIGS," == *,hotpath-base,* ]] || CONFIGS="$CONFIGS,hotpath-base"
fi
[[ ",$CONFIGS," != *,hotpath-base,* ]] || [ -n "$BASELINE_AGENT" ] || die "the hotpath-base configuration needs --baseline-agent JAR"
IFS=, read -r -a CONFIG_LIST <<< "$CONFIGS"
for c in "${CONFIG_LIST[@]}"; do
  case "$c" in none|hotpath|hotpath-nojfr|hotpath-base|hotpath-deep|otel) ;; *) die "unknown configuration '$c' (none, hotpath, hotpath-nojfr, hotpath-base, hotpath-deep, otel)" ;; esac
done
if [ -z "$RATE" ] && [[ ",$CONFIGS," != *,none,* ]]; then die "without 'none' among the configs, give --rate"; fi
case "$SERVICE" in
  ledger|shop) ;;
  custom) [ -f "$APP_JAR" ] || die "no jar at $APP_JAR"; [ -n "$APP_PATH" ] || die "--jar needs --path /route"
          [ -n "$APP_PORT" ] || [[ $APP_ARGS == *"{port}"* ]] || die "--jar needs {port} in --app-args, or --app-port N"
          APP_JAR=$(cd "$(dirname "$APP_JAR")" && pwd)/$(basename "$APP_JAR") ;;
  *) die "--service must be ledger or shop (or give --jar)" ;;
esac
[ -z "$APP_PATH" ] || [[ $APP_PATH == /* ]] || die "--path must start with /"
[ -z "$IDS" ] || [[ $IDS =~ ^[1-9][0-9]*$ ]] || die "--ids must be a whole number >= 1"
command -v "$SVC_JAVA" >/dev/null || die "no java at $SVC_JAVA"
for tool in python3 curl jcmd; do command -v "$tool" >/dev/null || die "$tool is needed"; done

cd "$(dirname "$0")/../.."
ROOT=$PWD
if [ ! -f agent/target/hotpath-agent.jar ] || [ ! -f collector/target/hotpath-collector.jar ] \
   || [ ! -f examples/target/hotpath-examples.jar ]; then
  echo "overhead: building the agent, collector and examples jars" >&2
  mvn -o -q -B -DskipTests -pl agent/core,collector,examples -am package \
    || mvn -q -B -DskipTests -pl agent/core,collector,examples -am package
fi
[ -n "$OUT" ] || OUT=$(mktemp -d /tmp/hotpath-overhead.XXXXXX)
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
# Snapshot the jars: a jar rebuilt under a live JVM breaks it.
mkdir -p "$OUT/jars"
cp agent/target/hotpath-agent.jar collector/target/hotpath-collector.jar examples/target/hotpath-examples.jar "$OUT/jars/"
[ -z "$BASELINE_AGENT" ] || cp "$BASELINE_AGENT" "$OUT/jars/hotpath-agent-baseline.jar"
BASE_AGENT_JAR=$OUT/jars/hotpath-agent-baseline.jar
AGENT_JAR=$OUT/jars/hotpath-agent.jar; COLLECTOR_JAR=$OUT/jars/hotpath-collector.jar; EXAMPLES_JAR=$OUT/jars/hotpath-examples.jar
OTEL_JAR=$OUT/jars/opentelemetry-javaagent-$OTEL_VERSION.jar
if [[ ",$CONFIGS," == *,otel,* ]]; then
  artifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_VERSION
  mvn -N -o -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$OUT/jars" >/dev/null 2>&1 \
    || mvn -N -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$OUT/jars" >&2 \
    || { echo "overhead: could not fetch $artifact" >&2; exit 1; }
fi

case "$SERVICE" in
  ledger) APP=(-cp "$EXAMPLES_JAR" dev.hotpath.examples.ledger.LedgerService); APP_ARGS="--port {port}"
          [ -n "$APP_PATH" ] || APP_PATH='/accounts/{id}/statement'; IDS=${IDS:-2000}; SERVICE_NAME=ledger ;;
  shop)   APP=(-cp "$EXAMPLES_JAR" dev.hotpath.examples.shop.ShopService); APP_ARGS="--port {port}"
          [ -n "$APP_PATH" ] || APP_PATH='/customers/{id}/orders-fixed'; IDS=${IDS:-1000}; SERVICE_NAME=shop ;;
  custom) if [ -n "$MAIN_CLASS" ]; then APP=(-cp "$APP_JAR" "$MAIN_CLASS"); else APP=(-jar "$APP_JAR"); fi
          IDS=${IDS:-1000}; SERVICE_NAME=$(basename "$APP_JAR" .jar) ;;
esac

# ---- pinning: the service on CPU 0, everything else on CPU 1 ----
SVC_PIN=(); TOOL_PIN=(); PINNING="not pinned"
if [ -n "$PIN" ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  SVC_PIN=(taskset -c 0); TOOL_PIN=(taskset -c 1)
  PINNING="service pinned to CPU 0 (taskset); load driver, collector and jcmd to CPU 1"
fi

CLK_TCK=$(getconf CLK_TCK)
RESULTS=$OUT/results.tsv
printf 'kind\tconfig\tround\tstart_ms\tstart_cpu_s\tsat_rps\tsat_p50_ms\tsat_p99_ms\tsat_errors\tfixed_rate\tfixed_rps\tfixed_p50_ms\tfixed_p99_ms\tfixed_errors\tfixed_dropped\tfixed_completed\tfixed_cpu_s\tfixed_seconds\talloc_bytes\talloc_ms\theap_after_bytes\tthreads\thwm_kb\tcollector_cpu_s\tfixed_jit_s\tdir\n' > "$RESULTS"

# ---- process bookkeeping: everything started here is stopped on exit ----
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  rm -f "$OUT"/*.fifo
}
trap cleanup EXIT
trap 'exit 130' INT TERM
forget() { local p keep=(); for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done; PIDS=("${keep[@]}"); }
stop() {   # stop PID [grace seconds]: SIGTERM, wait, SIGKILL after the grace period
  local pid=$1 grace=${2:-20}
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget "$pid"
}
cpu_ticks() { local l; read -r l < "/proc/$1/stat"; l=${l##*) }; local f=($l); echo $(( f[11] + f[12] )); }
# CPU ticks of the JIT compiler threads alive now (one that exits within a phase takes its ticks with it)
jit_ticks() {
  local t c l sum=0
  for t in /proc/"$1"/task/*; do
    read -r c < "$t/comm" 2>/dev/null || continue
    case "$c" in
      "C1 CompilerThre"*|"C2 CompilerThre"*) read -r l < "$t/stat" 2>/dev/null || continue; l=${l##*) }; local f=($l); sum=$(( sum + f[11] + f[12] )) ;;
    esac
  done
  echo "$sum"
}
status_field() { awk -v k="$2:" '$1==k{print $2}' "/proc/$1/status"; }
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
secs() { python3 -c "print(round($1 / $CLK_TCK, 2))"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
log() { printf '[overhead %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() { echo "overhead: $*" >&2; exit 1; }

# ---- the collector (agent configurations) ----
COLL_PID=; COLL_URL=
start_collector() {   # start_collector DIR
  local dir=$1 line cfd
  mkdir -p "$dir"
  mkfifo "$OUT/coll.fifo"
  "${TOOL_PIN[@]}" java -jar "$COLLECTOR_JAR" --out "$dir/run" --listen 127.0.0.1:0 > "$OUT/coll.fifo" 2> "$dir/collector.err" &
  COLL_PID=$!; PIDS+=("$COLL_PID")
  exec {cfd}<"$OUT/coll.fifo"
  COLL_URL=
  while IFS= read -r -t 60 -u "$cfd" line; do
    echo "$line" >> "$dir/collector.out"
    if [[ $line =~ listening\ on\ (http://127\.0\.0\.1:[0-9]+) ]]; then COLL_URL=${BASH_REMATCH[1]}; break; fi
  done
  [ -n "$COLL_URL" ] || fail "collector did not start, see $dir/collector.err"
  cat <&"$cfd" >> "$dir/collector.out" &
  exec {cfd}<&-
  rm -f "$OUT/coll.fifo"
}

agent_args() {   # agent_args CONFIG DIR -> JVM options for the configuration
  local config=$1 dir=$2
  case "$config" in
    none) ;;
    hotpath) echo "-javaagent:$AGENT_JAR=collector=$COLL_URL,service.name=$SERVICE_NAME" ;;
    hotpath-base) echo "-javaagent:$BASE_AGENT_JAR=collector=$COLL_URL,service.name=$SERVICE_NAME" ;;
    hotpath-nojfr) echo "-javaagent:$AGENT_JAR=collector=$COLL_URL,service.name=$SERVICE_NAME,jfr=off" ;;
    # deep.jdk.override: the benchmark measures cost, and may run on a JDK build the deny list names
    hotpath-deep) echo "-javaagent:$AGENT_JAR=collector=$COLL_URL,service.name=$SERVICE_NAME,deep=canary,deep.canary=true,deep.window=$DEEP_WINDOW,deep.every=$DEEP_WINDOW,deep.max.total=24h,deep.cpu.budget=100,deep.jdk.override=true,deep.dir=$dir/deep-outbox" ;;
    otel) echo "-javaagent:$OTEL_JAR -Dotel.service.name=$SERVICE_NAME -Dotel.exporter.otlp.endpoint=$COLL_URL -Dotel.exporter.otlp.protocol=http/protobuf -Dotel.metrics.exporter=none -Dotel.logs.exporter=none" ;;
  esac
}

# ---- the service: start_service CONFIG DIR -> SVC_PID SVC_PORT START_MS START_CPU ----
SVC_PID=; SVC_PORT=; START_MS=; START_CPU=
start_service() {
  local config=$1 dir=$2 t0 t1 args=() jvm=() code deadline
  mkdir -p "$dir"
  SVC_PORT=${APP_PORT:-$(free_port)}
  # shellcheck disable=SC2206
  [ -n "$JVM_OPTS" ] && jvm+=($JVM_OPTS)
  # shellcheck disable=SC2206
  jvm+=($(agent_args "$config" "$dir"))
  jvm+=("-Xlog:gc:file=$dir/gc.log:uptimemillis")
  # shellcheck disable=SC2206
  args=(${APP_ARGS//\{port\}/$SVC_PORT})
  t0=$(now_us)
  "${SVC_PIN[@]}" "$SVC_JAVA" "${jvm[@]}" "${APP[@]}" "${args[@]}" > "$dir/service.out" 2> "$dir/service.err" &
  SVC_PID=$!; PIDS+=("$SVC_PID")
  local url="http://127.0.0.1:$SVC_PORT${APP_PATH//\{id\}/1}"
  deadline=$(( $(now_us) + START_TIMEOUT * 1000000 ))
  while :; do
    code=$("${TOOL_PIN[@]}" curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" || true)
    [ "$code" != "000" ] && [ -n "$code" ] && break
    kill -0 "$SVC_PID" 2>/dev/null || { tail -20 "$dir/service.err" >&2; fail "$config: the service exited during start-up"; }
    [ "$(now_us)" -lt "$deadline" ] || { tail -20 "$dir/service.err" >&2; fail "$config: no HTTP answer on $url within $START_TIMEOUT s (--start-timeout)"; }
    sleep 0.02
  done
  t1=$(now_us)
  START_CPU=$(cpu_ticks "$SVC_PID")
  START_MS=$(( (t1 - t0) / 1000 ))
  [ "$code" -lt 400 ] || fail "$config: $url answered HTTP $code (see $dir/service.err)"
}

drive() {   # drive OUTPUT_JSON LOADDRIVER_ARGS...: the load driver on the tool CPU, bounded in time
  local out=$1; shift
  timeout 900 "${TOOL_PIN[@]}" java -cp "$EXAMPLES_JAR" dev.hotpath.examples.load.LoadDriver \
      --target "http://127.0.0.1:$SVC_PORT" --path "$APP_PATH" --ids "$IDS" --out "$out" "$@" \
      > "${out%.json}.txt" 2> "${out%.json}.err" || { tail -5 "${out%.json}.err" >&2; fail "load driver failed: ${out%.json}.err"; }
}
json_total() { python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['total']; print('\t'.join(str(t[k]) for k in sys.argv[2:]))" "$@"; }
gc_run() { "${TOOL_PIN[@]}" jcmd "$SVC_PID" GC.run > /dev/null 2>&1 || fail "jcmd GC.run failed on $SVC_PID"; }

# ---- header facts ----
cat > "$OUT/env.txt" <<EOF
date	$(date -u +%Y-%m-%dT%H:%MZ)
service_jdk	$("$SVC_JAVA" -version 2>&1 | head -1) ($("$SVC_JAVA" -version 2>&1 | tail -1))
tool_jdk	$(java -version 2>&1 | head -1)
nproc	$(nproc)
cpu	$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem	$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)
kernel	$(uname -r)
git	$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')
service	$SERVICE_NAME: GET $APP_PATH (ids 1..$IDS)$([ "$SERVICE" = ledger ] && echo ', 20 JDBC queries per request on H2 in memory via HikariCP')
pinning	$PINNING
settings	configs=$CONFIGS rounds=$ROUNDS starts=$STARTS warm-up=${WARMUP}s saturation=${SATURATION}s (closed loop, $CONNECTIONS connections, +2 s unmeasured) fixed=${FIXED}s jvm-opts=${JVM_OPTS:-none} otel=$OTEL_VERSION deep=${DEEP_WINDOW} windows back to back
loadavg_start	$(cut -d' ' -f1-3 /proc/loadavg)
EOF
log "output in $OUT; $PINNING"

# ---- part 1: load runs, configurations alternating ----
for round in $(seq 1 "$ROUNDS"); do
  for config in "${CONFIG_LIST[@]}"; do
    dir=$OUT/load-$round-$config
    mkdir -p "$dir"
    COLL_PID=; COLL_URL=
    [ "$config" != none ] && start_collector "$dir"
    start_service "$config" "$dir"
    log "round $round/$ROUNDS $config: first answer after $START_MS ms; warm-up ${WARMUP}s (closed loop, not measured)"
    drive "$dir/warmup.json" --connections "$CONNECTIONS" --warmup 0 --duration "$WARMUP"
    coll_cpu0=0; [ -n "$COLL_PID" ] && coll_cpu0=$(cpu_ticks "$COLL_PID")
    drive "$dir/saturation.json" --connections "$CONNECTIONS" --warmup 2 --duration "$SATURATION"
    read -r sat_rps sat_p50 sat_p99 sat_err < <(json_total "$dir/saturation.json" rps p50Ms p99Ms errors)
    if [ -z "$RATE" ]; then
      RATE=$(python3 -c "print(max(1, round($sat_rps * $RATE_FRACTION)))")
      log "fixed rate: $RATE req/s ($RATE_FRACTION x the no-agent saturation throughput of round 1, $sat_rps req/s)"
      printf 'fixed_rate\t%s req/s = %s x the no-agent saturation throughput of round 1 (%s req/s)\n' "$RATE" "$RATE_FRACTION" "$sat_rps" >> "$OUT/env.txt"
    fi
    log "round $round/$ROUNDS $config: saturation $sat_rps req/s (p99 $sat_p99 ms); fixed rate $RATE req/s for ${FIXED}s"
    gc_run
    cpu0=$(cpu_ticks "$SVC_PID"); jit0=$(jit_ticks "$SVC_PID")
    drive "$dir/fixed.json" --rate "$RATE" --ramp-up 0 --steady "$FIXED" --ramp-down 0
    cpu1=$(cpu_ticks "$SVC_PID"); jit1=$(jit_ticks "$SVC_PID")
    threads=$(status_field "$SVC_PID" Threads)
    gc_run
    hwm=$(status_field "$SVC_PID" VmHWM)
    read -r fixed_rps fixed_p50 fixed_p99 fixed_err fixed_drop fixed_done < <(json_total "$dir/fixed.json" rps p50Ms p99Ms errors dropped completed)
    read -r alloc_bytes alloc_ms heap_after < <(python3 "$ROOT/examples/bench/overhead_table.py" gc "$dir/gc.log")
    stop "$SVC_PID"          # agents post their last spans and stats in their shutdown hooks
    coll_cpu=0
    if [ -n "$COLL_PID" ]; then
      coll_cpu=$(( $(cpu_ticks "$COLL_PID") - coll_cpu0 ))
      stop "$COLL_PID"       # the collector flushes summary.json on SIGTERM
    fi
    printf 'load\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$config" "$round" "$START_MS" "$(secs "$START_CPU")" "$sat_rps" "$sat_p50" "$sat_p99" "$sat_err" \
        "$RATE" "$fixed_rps" "$fixed_p50" "$fixed_p99" "$fixed_err" "$fixed_drop" "$fixed_done" "$(secs $((cpu1 - cpu0)))" "$FIXED" \
        "$alloc_bytes" "$alloc_ms" "$heap_after" "$threads" "$hwm" "$(secs "$coll_cpu")" "$(secs $((jit1 - jit0)))" "$dir" >> "$RESULTS"
  done
done

# ---- part 2: start-up alone, alternating; one idle collector so the agents have their real target ----
start_collector "$OUT/startup-collector"
for i in $(seq 1 "$STARTS"); do
  for config in "${CONFIG_LIST[@]}"; do
    dir=$OUT/start-$i-$config
    start_service "$config" "$dir"
    stop "$SVC_PID"
    log "start-up $i/$STARTS $config: $START_MS ms to the first answer, $(secs "$START_CPU") CPU s"
    printf 'start\t%s\t%s\t%s\t%s\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t%s\n' "$config" "$i" "$START_MS" "$(secs "$START_CPU")" "$dir" >> "$RESULTS"
  done
done
stop "$COLL_PID"
printf 'loadavg_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/env.txt"

python3 "$ROOT/examples/bench/overhead_table.py" table "$OUT" | tee "$OUT/BENCHMARKS.part.md"

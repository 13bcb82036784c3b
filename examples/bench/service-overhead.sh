#!/usr/bin/env bash
# The example shop at a fixed arrival rate without and with the hotpath agent (exporting to a real collector
# process), in ALTERNATING runs (none, agent, none, agent, ...), each run a fresh shop JVM; then a separate
# start-up measurement (time to "SHOP LISTENING", alternating starts). Prints a markdown table of medians over
# rounds, min-max spread, and ratios to no-agent, plus the agent's own counters from the collector's summary.json.
#
# Usage (from anywhere; builds the jars if missing):
#   examples/bench/service-overhead.sh [--rate 50] [--warmup 45] [--ramp-up 5] [--steady 20] [--ramp-down 0]
#                                      [--rounds 3] [--starts 5] [--java /path/to/bin/java] [--out DIR] [--deep] [--jfr-off]
#   --deep: the agent runs in deep mode as a canary, profiling all the time (windows of DEEP_WINDOW, default 10s,
#           back to back, wall/lock/alloc in turn, CPU budget 100% so no window is aborted): the cost of deep mode.
#   --jfr-off: a third configuration in every round, the agent with jfr=off (none, agent, agent jfr=off, ...), so the
#           cost of continuous JFR shows as agent / agent-jfr-off; plus the JFR bytes the agent uploaded per minute
#           (finished chunks only: a run shorter than the rotation period JFR_PERIOD, default 60s, uploads none).
# Environment equivalents (flags win): RATE WARMUP RAMP_UP STEADY RAMP_DOWN ROUNDS STARTS SHOP_JAVA OUT DEEP=1 DEEP_WINDOW JFR_OFF=1 JFR_PERIOD;
# SHOP_JVM_OPTS adds JVM options to the shop in both configurations.
#
# Figures: the load driver reports whole-run numbers only (no per-phase split), so throughput/p50/p99 cover
# ramp-up + steady (+ ramp-down) of each run; ramp-down defaults to 0 so the steady phase dominates.
# Before each measured run, an unmeasured warm-up at the same rate (--warmup seconds, 0 to skip) lets the JIT
# settle: with the agent, the JVM compiles thousands more methods in its first minute (the agent's and the
# instrumented ones), which is a start-up cost, reported by part 2, not a per-request one.
# Loopback only. Every process started here is stopped on exit (trap); nothing runs unbounded.
# Default run (rate 50, 45 s warm-up + 5+20 s, 3 rounds, 5 start pairs) takes about 9-10 minutes on 2 cores.
set -euo pipefail

RATE=${RATE:-50}; WARMUP=${WARMUP:-45}; RAMP_UP=${RAMP_UP:-5}; STEADY=${STEADY:-20}; RAMP_DOWN=${RAMP_DOWN:-0}
ROUNDS=${ROUNDS:-3}; STARTS=${STARTS:-5}; SHOP_JAVA=${SHOP_JAVA:-java}; OUT=${OUT:-}
SHOP_JVM_OPTS=${SHOP_JVM_OPTS:-}
DEEP=${DEEP:-}; DEEP_WINDOW=${DEEP_WINDOW:-10s}; JFR_OFF=${JFR_OFF:-}; JFR_PERIOD=${JFR_PERIOD:-60s}

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  flag=$1; val=
  case "$flag" in --*=*) val=${flag#*=}; flag=${flag%%=*} ;; esac
  case "$flag" in -h|--help) usage; exit 0 ;; --deep) DEEP=1; shift; continue ;; --jfr-off) JFR_OFF=1; shift; continue ;; esac
  if [ -z "$val" ]; then
    [ $# -ge 2 ] || { echo "service-overhead: missing value for $flag" >&2; exit 2; }
    val=$2; shift
  fi
  case "$flag" in
    --rate) RATE=$val ;; --warmup) WARMUP=$val ;; --ramp-up) RAMP_UP=$val ;; --steady) STEADY=$val ;; --ramp-down) RAMP_DOWN=$val ;;
    --rounds) ROUNDS=$val ;; --starts) STARTS=$val ;; --java) SHOP_JAVA=$val ;; --out) OUT=$val ;;
    *) echo "service-overhead: unknown flag $flag (try --help)" >&2; exit 2 ;;
  esac
  shift
done
for v in ROUNDS STARTS; do [[ ${!v} =~ ^[0-9]+$ ]] || { echo "service-overhead: $v must be an integer" >&2; exit 2; }; done
for v in RATE WARMUP RAMP_UP STEADY RAMP_DOWN; do
  [[ ${!v} =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "service-overhead: $v must be a number" >&2; exit 2; }
done
command -v "$SHOP_JAVA" >/dev/null || { echo "service-overhead: no java at $SHOP_JAVA" >&2; exit 2; }
command -v python3 >/dev/null || { echo "service-overhead: python3 is needed for the table" >&2; exit 2; }

cd "$(dirname "$0")/../.."
ROOT=$PWD
if [ ! -f agent/target/hotpath-agent.jar ] || [ ! -f collector/target/hotpath-collector.jar ] \
   || [ ! -f examples/target/hotpath-examples.jar ]; then
  mvn -o -q -B -DskipTests install
fi
[ -n "$OUT" ] || OUT=$(mktemp -d /tmp/hotpath-service-overhead.XXXXXX)
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
# Snapshot the jars: others may rebuild target/ while this runs (a jar rewritten under a live JVM breaks it).
mkdir -p "$OUT/jars"
cp agent/target/hotpath-agent.jar collector/target/hotpath-collector.jar examples/target/hotpath-examples.jar "$OUT/jars/"
AGENT_JAR=$OUT/jars/hotpath-agent.jar; COLLECTOR_JAR=$OUT/jars/hotpath-collector.jar
EXAMPLES_JAR=$OUT/jars/hotpath-examples.jar
CLK_TCK=$(getconf CLK_TCK)
RESULTS=$OUT/results.tsv; : > "$RESULTS"

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
# stop PID [seconds]: SIGTERM, wait for exit, SIGKILL after the grace period
stop() {
  local pid=$1 grace=${2:-20}
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget "$pid"
}
# cpu_ticks PID: utime+stime (clock ticks) from /proc/PID/stat (fields 14, 15; parsed after the ")" of comm)
cpu_ticks() { local l; read -r l < "/proc/$1/stat"; l=${l##*) }; local f=($l); echo $(( f[11] + f[12] )); }
vm_hwm_kb() { awk '/^VmHWM:/{print $2}' "/proc/$1/status"; }
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }

# ---- the collector (agent runs only) ----
COLL_PID=; COLL_URL=
start_collector() {   # start_collector DIR
  local dir=$1 line
  mkdir -p "$dir"
  mkfifo "$OUT/coll.fifo"
  java -jar "$COLLECTOR_JAR" --out "$dir/run" --listen 127.0.0.1:0 > "$OUT/coll.fifo" 2> "$dir/collector.err" &
  COLL_PID=$!; PIDS+=("$COLL_PID")
  exec {cfd}<"$OUT/coll.fifo"
  COLL_URL=
  while IFS= read -r -t 60 -u "$cfd" line; do
    echo "$line" >> "$dir/collector.out"
    if [[ $line =~ listening\ on\ (http://127\.0\.0\.1:[0-9]+) ]]; then COLL_URL=${BASH_REMATCH[1]}; break; fi
  done
  [ -n "$COLL_URL" ] || { echo "service-overhead: collector did not start, see $dir" >&2; exit 1; }
  cat <&"$cfd" >> "$dir/collector.out" &
  exec {cfd}<&-
  rm -f "$OUT/coll.fifo"
}

# ---- the shop: start_shop MODE DIR -> SHOP_PID SHOP_PORT SHOP_START_MS ----
SHOP_PID=; SHOP_PORT=; SHOP_START_MS=
start_shop() {
  local mode=$1 dir=$2 line t0 t1 jvm=()
  mkdir -p "$dir"
  # shellcheck disable=SC2206
  [ -n "$SHOP_JVM_OPTS" ] && jvm+=($SHOP_JVM_OPTS)
  local deep_args=
  # deep.jdk.override: the benchmark measures cost, and may run on a JDK build the deny list names
  [ -n "$DEEP" ] && deep_args=",deep=canary,deep.canary=true,deep.window=$DEEP_WINDOW,deep.every=$DEEP_WINDOW,deep.max.total=24h,deep.cpu.budget=100,deep.jdk.override=true,deep.dir=$dir/deep-outbox"
  [ "$mode" = agent ] && jvm+=("-javaagent:$AGENT_JAR=collector=$COLL_URL,service.name=shop,jfr.period=$JFR_PERIOD$deep_args")
  [ "$mode" = agent-nojfr ] && jvm+=("-javaagent:$AGENT_JAR=collector=$COLL_URL,service.name=shop,jfr=off$deep_args")
  mkfifo "$OUT/shop.fifo"
  t0=$(now_us)
  "$SHOP_JAVA" "${jvm[@]}" -cp "$EXAMPLES_JAR" dev.hotpath.examples.shop.ShopService --port 0 \
      > "$OUT/shop.fifo" 2> "$dir/shop.err" &
  SHOP_PID=$!; PIDS+=("$SHOP_PID")
  exec {sfd}<"$OUT/shop.fifo"
  SHOP_PORT=
  while IFS= read -r -t 120 -u "$sfd" line; do
    if [[ $line =~ ^SHOP\ LISTENING\ ([0-9]+) ]]; then t1=$(now_us); SHOP_PORT=${BASH_REMATCH[1]}; fi
    echo "$line" >> "$dir/shop.out"
    [ -n "$SHOP_PORT" ] && break
  done
  if [ -z "$SHOP_PORT" ]; then
    echo "service-overhead: shop ($mode) did not print SHOP LISTENING; stderr:" >&2; tail -20 "$dir/shop.err" >&2; exit 1
  fi
  cat <&"$sfd" >> "$dir/shop.out" &
  exec {sfd}<&-
  rm -f "$OUT/shop.fifo"
  SHOP_START_MS=$(( (t1 - t0) / 1000 ))
}

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ---- header facts ----
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
cat > "$OUT/env.txt" <<EOF
date	$(date -u +%Y-%m-%dT%H:%MZ)
shop_java	$(command -v "$SHOP_JAVA")
shop_jdk	$("$SHOP_JAVA" -version 2>&1 | head -1)
shop_vm	$("$SHOP_JAVA" -version 2>&1 | tail -1)
tool_jdk	$(java -version 2>&1 | head -1)
nproc	$(nproc)
cpu	$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem	$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)
kernel	$(uname -r)
git	$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')
settings	jfr-off-runs=$([ -n "$JFR_OFF" ] && echo yes || echo no) jfr.period=${JFR_PERIOD} rate=${RATE}/s warm-up=${WARMUP}s (unmeasured) ramp-up=${RAMP_UP}s steady=${STEADY}s ramp-down=${RAMP_DOWN}s rounds=${ROUNDS} start-pairs=${STARTS} shop-jvm-opts=${SHOP_JVM_OPTS:-none} deep=$([ -n "$DEEP" ] && echo "on, ${DEEP_WINDOW} windows back to back (wall, lock, alloc in turn)" || echo off)
loadavg_start	$LOAD_START
EOF
log "output in $OUT (shop JDK: $("$SHOP_JAVA" -version 2>&1 | head -1))"

# ---- part 1: load runs, alternating ----
SCHEDULE=$(python3 -c "print(int($RAMP_UP + $STEADY + $RAMP_DOWN + 0.999))")
MODES="none agent"; [ -n "$JFR_OFF" ] && MODES="none agent agent-nojfr"
for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    dir=$OUT/load-$round-$mode
    mkdir -p "$dir"
    COLL_PID=; COLL_URL=
    [ "$mode" != none ] && start_collector "$dir"
    start_shop "$mode" "$dir"
    if python3 -c "import sys; sys.exit(0 if $WARMUP > 0 else 1)"; then
      log "round $round/$ROUNDS $mode: warm-up ${WARMUP}s at ${RATE}/s (not measured)"
      timeout $(python3 -c "print(int($WARMUP + 60))") java -cp "$EXAMPLES_JAR" dev.hotpath.examples.load.LoadDriver \
          --target "http://127.0.0.1:$SHOP_PORT" --rate "$RATE" --ramp-up 0 --steady "$WARMUP" --ramp-down 0 \
          > "$dir/warmup.txt" 2> "$dir/warmup.err" \
        || { echo "service-overhead: warm-up failed, see $dir/warmup.err" >&2; exit 1; }
    fi
    cpu0=$(cpu_ticks "$SHOP_PID")
    coll_cpu0=0; [ -n "$COLL_PID" ] && coll_cpu0=$(cpu_ticks "$COLL_PID")
    log "round $round/$ROUNDS $mode: shop up in ${SHOP_START_MS} ms on port $SHOP_PORT; driving ${RATE}/s for ${SCHEDULE}s"
    timeout $((SCHEDULE + 60)) java -cp "$EXAMPLES_JAR" dev.hotpath.examples.load.LoadDriver \
        --target "http://127.0.0.1:$SHOP_PORT" --rate "$RATE" --ramp-up "$RAMP_UP" --steady "$STEADY" \
        --ramp-down "$RAMP_DOWN" --out "$dir/load.json" > "$dir/load.txt" 2> "$dir/load.err" \
      || { echo "service-overhead: load driver failed, see $dir/load.err" >&2; tail -5 "$dir/load.err" >&2; exit 1; }
    cpu1=$(cpu_ticks "$SHOP_PID"); hwm=$(vm_hwm_kb "$SHOP_PID")
    stop "$SHOP_PID"           # the agent posts its last stats and spans in its shutdown hook
    coll_cpu=0
    if [ -n "$COLL_PID" ]; then
      coll_cpu=$(( $(cpu_ticks "$COLL_PID") - coll_cpu0 ))
      stop "$COLL_PID"         # the collector flushes summary.json on SIGTERM
    fi
    printf 'load\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$round" "$SHOP_START_MS" \
        "$(python3 -c "print(round($cpu0/$CLK_TCK,2))")" "$(python3 -c "print(round(($cpu1-$cpu0)/$CLK_TCK,2))")" \
        "$hwm" "$(python3 -c "print(round($coll_cpu/$CLK_TCK,2))")" "$dir" >> "$RESULTS"
  done
done

# ---- part 2: start-up only, alternating; one idle collector so the agent has its real target ----
start_collector "$OUT/startup-collector"
for i in $(seq 1 "$STARTS"); do
  for mode in none agent; do
    dir=$OUT/start-$i-$mode
    start_shop "$mode" "$dir"
    cpu0=$(cpu_ticks "$SHOP_PID")
    stop "$SHOP_PID"
    log "start-up $i/$STARTS $mode: ${SHOP_START_MS} ms, $(python3 -c "print(round($cpu0/$CLK_TCK,2))") CPU s"
    printf 'start\t%s\t%s\t%s\t%s\t\t\t\t%s\n' "$mode" "$i" "$SHOP_START_MS" \
        "$(python3 -c "print(round($cpu0/$CLK_TCK,2))")" "$dir" >> "$RESULTS"
  done
done
stop "$COLL_PID"
printf 'loadavg_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/env.txt"

# ---- the table ----
python3 - "$OUT" <<'PY' | tee "$OUT/table.md"
import json, os, statistics as st, sys

out = sys.argv[1]
env = dict(l.rstrip("\n").split("\t", 1) for l in open(os.path.join(out, "env.txt")) if "\t" in l)
load = {"none": [], "agent": [], "agent-nojfr": []}
starts = {"none": [], "agent": []}
start_cpu = {"none": [], "agent": []}
for line in open(os.path.join(out, "results.tsv")):
    kind, mode, rnd, start_ms, cpu_start, cpu_load, hwm, coll_cpu, d = line.rstrip("\n").split("\t")
    if kind == "start":
        starts[mode].append(float(start_ms))
        start_cpu[mode].append(float(cpu_start))
        continue
    lj = json.load(open(os.path.join(d, "load.json")))
    t = lj["total"]
    row = {
        "round": int(rnd), "dir": d, "mode": mode,
        "offered": t["scheduled"] / lj["scheduleSeconds"],
        "rps": t["rps"], "p50": t["p50Ms"], "p99": t["p99Ms"], "max": t["maxMs"],
        "start": float(start_ms), "cpu_load": float(cpu_load), "cpu_start": float(cpu_start),
        "rss": int(hwm) / 1024.0, "bad": t["errors"] + t["dropped"], "completed": t["completed"],
        "lag": lj["sendLagP99Ms"], "coll_cpu": float(coll_cpu),
    }
    summ = os.path.join(d, "run", "summary.json")
    if mode != "none" and os.path.exists(summ):
        s = json.load(open(summ))
        row["window_s"] = s.get("windowSeconds", 0)
        row["agent_counters"] = s.get("counters", {}).get("agent", {})
        row["collector_counters"] = s.get("counters", {}).get("collector", {})
        row["collector_requests"] = sum(e.get("count", 0) for e in s.get("endpoints", []))
    load[mode].append(row)

def med(xs): return st.median(xs) if xs else float("nan")
def fmt(x, nd):
    return "n/a" if x != x else f"{x:,.{nd}f}"
def cell(xs, nd):
    if not xs: return "n/a"
    return f"{fmt(med(xs), nd)} ({fmt(min(xs), nd)}–{fmt(max(xs), nd)})"
def ratio(a, b):
    return "n/a" if not a or not b or med(b) == 0 else f"{med(a) / med(b):.2f}"
def paired(key):
    n = {r["round"]: r[key] for r in load["none"]}
    rs = [r[key] / n[r["round"]] for r in load["agent"] if n.get(r["round"])]
    return "n/a" if not rs else f"{min(rs):.2f}–{max(rs):.2f}"

print()
print(f"### hotpath agent overhead on the example shop ({env['date']})")
print()
print(f"- machine: {env['nproc']} vCPU {env['cpu']}, {env['mem']}, Linux {env['kernel']};"
      f" load average {env['loadavg_start']} at start, {env.get('loadavg_end', '?')} at end"
      " (box shared with other work: expect noise)")
print(f"- shop JDK: {env['shop_jdk']} ({env['shop_vm']}); driver + collector JDK: {env['tool_jdk']}")
print(f"- build: {env['git']}; {env['settings']}")
print("- runs alternate none, agent, none, agent, ...; each a fresh shop JVM (Jetty + HikariCP + H2 over loopback TCP);"
      " agent runs export to a separate collector process on the same box")
print("- throughput/p50/p99: the load driver's whole-run figures (it reports no per-phase split), i.e. ramp-up + steady"
      "; latency is client side, from each request's intended start (coordinated-omission free)")
print("- cells: median over rounds (min–max); ratio = agent median / no-agent median;"
      " paired = per-round agent/no-agent ratio range")
print()
rows = [
    ("offered rate (req/s)", "offered", 1),
    ("throughput achieved (req/s)", "rps", 1),
    ("p50 latency (ms)", "p50", 2),
    ("p99 latency (ms)", "p99", 2),
    ("start-up, launch to LISTENING (ms)", "start", 0),
    ("shop CPU during load (s)", "cpu_load", 2),
    ("shop CPU, start-up + warm-up (s)", "cpu_start", 2),
    ("shop peak RSS, VmHWM (MiB)", "rss", 0),
]
print(f"| metric (n={len(load['none'])}/{len(load['agent'])} runs) | no agent | agent | ratio | paired |")
print("|---|---:|---:|---:|---:|")
for label, key, nd in rows:
    a = [r[key] for r in load["agent"]]; n = [r[key] for r in load["none"]]
    print(f"| {label} | {cell(n, nd)} | {cell(a, nd)} | {ratio(a, n)} | {paired(key)} |")
print(f"| errors + driver drops | {sum(r['bad'] for r in load['none'])} | {sum(r['bad'] for r in load['agent'])} | | |")
print(f"| driver send lag p99 (ms) | {cell([r['lag'] for r in load['none']], 2)} | "
      f"{cell([r['lag'] for r in load['agent']], 2)} | | |")
print(f"| collector CPU during load (s) | – | {cell([r['coll_cpu'] for r in load['agent']], 2)} | | |")
print()

print("Per run (in the order they ran):")
print()
print("| round | config | start-up ms | req/s | p50 ms | p99 ms | max ms | shop CPU s (load) | peak RSS MiB | send lag p99 ms |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in sorted(load["none"] + load["agent"] + load["agent-nojfr"], key=lambda r: (r["round"], ["none", "agent", "agent-nojfr"].index(r["mode"]))):
    print(f"| {r['round']} | {r['mode']} | {r['start']:,.0f} | {r['rps']:.1f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['max']:.1f}"
          f" | {r['cpu_load']:.2f} | {r['rss']:.0f} | {r['lag']:.2f} |")
print()

if load["agent-nojfr"]:
    off = load["agent-nojfr"]
    def paired_to(key, base):
        b = {r["round"]: r[key] for r in base}
        rs = [r[key] / b[r["round"]] for r in load["agent"] if b.get(r["round"])]
        return "n/a" if not rs else f"{min(rs):.2f}–{max(rs):.2f}"
    print("**Continuous JFR** (the agent with `jfr=on`, the default, against the same agent with `jfr=off`, same rounds):")
    print()
    print(f"| metric (n={len(off)} runs) | agent, jfr=off | agent, jfr=on | jfr=on / jfr=off | paired | jfr=off / no agent |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, key, nd in rows[1:4] + rows[5:6] + rows[7:8]:
        a = [r[key] for r in load["agent"]]; o = [r[key] for r in off]; n = [r[key] for r in load["none"]]
        print(f"| {label} | {cell(o, nd)} | {cell(a, nd)} | {ratio(a, o)} | {paired_to(key, off)} | {ratio(o, n)} |")
    import re
    m = re.search(r"jfr\.period=(\d+(?:\.\d+)?)(ms|s|m|h)?", env["settings"])
    period_s = float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[m.group(2)] if m else 60
    # per finished chunk: each covers one rotation period of the JVM's life
    per_min = [r["agent_counters"]["jfr.bytes.uploaded"] / (r["agent_counters"]["jfr.chunks.uploaded"] * period_s) * 60 / 1024
               for r in load["agent"] if r.get("agent_counters") and r["agent_counters"].get("jfr.chunks.uploaded", 0) > 0]
    chunks = [r["agent_counters"].get("jfr.chunks.uploaded", 0) for r in load["agent"] if r.get("agent_counters") is not None]
    print(f"| JFR uploaded (KiB per minute: bytes / (chunks x {period_s:g} s)) | – | {cell(per_min, 0)} | | | |")
    print(f"| JFR chunks uploaded per run | – | {cell(chunks, 0)} | | | |")
    print()

print(f"**Start-up alone** ({len(starts['none'])} alternating start pairs, launch to `SHOP LISTENING`,"
      " shop stopped right after; CPU = shop utime+stime at LISTENING):")
print()
print("| | no agent | agent | added (agent − no agent) | ratio |")
print("|---|---:|---:|---:|---:|")
for label, (n, a) in (("time to LISTENING (ms)", (starts["none"], starts["agent"])),
                      ("CPU to LISTENING (s)", (start_cpu["none"], start_cpu["agent"]))):
    if not n or not a:
        continue
    nd = 0 if "ms" in label else 2
    pairs = [y - x for x, y in zip(n, a)]
    print(f"| {label}, median (min–max) | {cell(n, nd)} | {cell(a, nd)} | **{med(a) - med(n):+,.{nd}f}**"
          f" (paired: median {med(pairs):+,.{nd}f}, range {min(pairs):+,.{nd}f} to {max(pairs):+,.{nd}f}) | {ratio(a, n)} |")
print()

keys = ["traces.completed", "traces.kept", "spans.exported", "spans.dropped.queue_full",
        "spans.dropped.export_failed", "spans.dropped.trace_limit", "stats.dropped", "agent.errors"]
short = ["traces done", "kept", "spans exported", "drop queue", "drop export", "drop limit", "stats drop", "agent err"]
print("**Agent counters** (collector `summary.json` `counters.agent`, per agent run) against what the collector"
      " received and what the driver completed:")
print()
print("| round | driver completed | collector requests | " + " | ".join(short) + " | collector spans recv | collector shed/rejected |")
print("|---" * (len(short) + 5) + "|")
lost = 0
for r in load["agent"]:
    ac = r.get("agent_counters")
    if ac is None:
        print(f"| {r['round']} | {r['completed']} | summary.json missing | " + " | ".join("?" for _ in keys) + " | ? | ? |")
        lost += 1
        continue
    cc = r["collector_counters"]
    shed = sum(v for k, v in cc.items() if k.startswith(("spans.shed", "requests.rejected", "requests.failed", "stats.shed")))
    recv = cc.get("received.spans", 0)
    lost += sum(ac.get(k, 0) for k in keys[3:]) + shed + (recv != ac.get("spans.exported", 0))
    print(f"| {r['round']} | {r['completed']} | {r['collector_requests']} | "
          + " | ".join(str(ac.get(k, 0)) for k in keys) + f" | {recv} | {shed} |")
print()
deep_keys = ["deep.windows.completed", "deep.windows.aborted.cpu_budget", "deep.windows.failed", "deep.profiled.ms"]
if any(r.get("agent_counters", {}).get("deep.profiled.ms", 0) for r in load["agent"]):
    print("**Deep mode** (agent counters per agent run; the agent column above is agent + deep mode):")
    print()
    print("| round | " + " | ".join(deep_keys) + " | JFR files in the outbox (KiB) |")
    print("|---" * (len(deep_keys) + 2) + "|")
    for r in load["agent"]:
        ac = r.get("agent_counters", {})
        ob = os.path.join(r["dir"], "deep-outbox")
        files = [f for f in os.listdir(ob) if f.endswith(".jfr")] if os.path.isdir(ob) else []
        kib = sum(os.path.getsize(os.path.join(ob, f)) for f in files) / 1024
        print(f"| {r['round']} | " + " | ".join(str(ac.get(k, 0)) for k in deep_keys) + f" | {len(files)} ({kib:,.0f}) |")
    print()
print("Nothing dropped, shed or lost: every exported span was received." if lost == 0 else
      "**Something was dropped, shed or not received: see the counters above.**")
print()
print(f"Raw data: `{out}`")
PY

#!/usr/bin/env bash
# JMH: per task submit + run on a ThreadPoolExecutor and as CompletableFuture async tasks, outside and
# inside a recorded request, without and with the agent; prints ns/op (per task), B/op and ratios.
# Usage: examples/bench/executor-overhead.sh   (about 6 minutes on 2 cores)
exec "$(dirname "$0")/jmh-overhead.sh" ExecutorBenchmark

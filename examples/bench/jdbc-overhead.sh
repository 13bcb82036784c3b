#!/usr/bin/env bash
# JMH: PreparedStatement.executeQuery on H2 without and with the agent; prints ns/op, B/op and ratios.
# Usage: examples/bench/jdbc-overhead.sh   (from the repo root; builds what it needs)
exec "$(dirname "$0")/jmh-overhead.sh" JdbcCallBenchmark

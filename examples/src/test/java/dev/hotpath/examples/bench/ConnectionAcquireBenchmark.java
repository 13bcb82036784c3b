package dev.hotpath.examples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hotpath.bootstrap.HotpathHooks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Per-call cost of the connection-acquire instrumentation: {@code HikariDataSource.getConnection} +
 * {@code close} on an idle pool (no wait), inside a recorded request (an acquire span and a pool-wait
 * record). The request's own enter/exit is measured alone by {@link #emptyRequest} so the difference
 * is the acquire's. Run without and with {@code -javaagent} by examples/bench/call-overhead.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(2)
public class ConnectionAcquireBenchmark {
    private HikariDataSource pool;

    @Setup(Level.Trial)
    public void open() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:acquire" + System.nanoTime());
        config.setPoolName("bench-pool");
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
    }

    @TearDown(Level.Trial)
    public void close() {
        pool.close();
    }

    @Benchmark
    public int emptyRequest() {
        Object request = HotpathHooks.serverEnter("GET", "/items/1", null, null);
        HotpathHooks.serverExit(request, 200, "/items/{id}", null);
        return request == null ? 0 : 1;
    }

    @Benchmark
    public int requestWithOneAcquire() throws SQLException {
        Object request = HotpathHooks.serverEnter("GET", "/items/1", null, null);
        try (Connection c = pool.getConnection()) {
            return c.getTransactionIsolation();
        } finally {
            HotpathHooks.serverExit(request, 200, "/items/{id}", null);
        }
    }
}

package dev.hotpath.examples.bench;

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
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Per-call cost of the JDBC instrumentation: one {@code PreparedStatement.executeQuery} on H2 by
 * primary key, outside any request (aggregates only) and inside a recorded request (a DB span too).
 * Run without and with {@code -javaagent} by examples/bench/call-overhead.sh, which prints the ratios.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(2)
public class JdbcCallBenchmark {
    private Connection connection;
    private PreparedStatement byId;
    private int next;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:bench" + System.nanoTime());
        try (Statement s = connection.createStatement()) {
            s.execute("create table items(id int primary key, name varchar(40))");
            s.execute("insert into items select x, 'item-' || x from system_range(1, 1000)");
        }
        byId = connection.prepareStatement("select name from items where id = ?");
    }

    /** Ten statement shapes (as in the ledger example: each runs twice per request, below the repeat threshold). */
    private static final String[] SHAPES = new String[10];

    static {
        for (int i = 0; i < SHAPES.length; i++) {
            SHAPES[i] = "select name as c" + i + " from items where id = ?";
        }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.close();
    }

    @Benchmark
    public int executeQuery() throws SQLException {
        byId.setInt(1, 1 + (next++ % 1000));
        try (ResultSet rs = byId.executeQuery()) {
            rs.next();
            return rs.getString(1).length();
        }
    }

    /** Prepare, execute, close: what code on a pool without a statement cache does for every query. */
    @Benchmark
    public int prepareExecuteClose() throws SQLException {
        return prepared(SHAPES[next % SHAPES.length]);
    }

    /**
     * A DB-heavy request: 20 prepared queries (10 shapes twice) between the hooks a server instrumentation calls.
     * Divided by 20 and compared with {@link #prepareExecuteClose}, the per-query cost of recording a request's spans.
     */
    @Benchmark
    public int requestWithTwentyQueries() throws SQLException {
        Object request = HotpathHooks.serverEnter("GET", "/accounts/1/statement", null, null);
        try {
            int sum = 0;
            for (int round = 0; round < 2; round++) {
                for (String sql : SHAPES) {
                    sum += prepared(sql);
                }
            }
            return sum;
        } finally {
            HotpathHooks.serverExit(request, 200, "/accounts/{id}/statement", null);
        }
    }

    private int prepared(String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setInt(1, 1 + (next++ % 1000));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1).length();
            }
        }
    }

    /** The query inside a request: the hooks a server instrumentation calls, around one query. */
    @Benchmark
    public int requestWithOneQuery() throws SQLException {
        Object request = HotpathHooks.serverEnter("GET", "/items/1", null, null);
        try {
            return executeQuery();
        } finally {
            HotpathHooks.serverExit(request, 200, "/items/{id}", null);
        }
    }
}

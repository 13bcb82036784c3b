package dev.hotpath.examples.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * The ledger's in-memory H2 database behind a HikariCP pool, seeded with {@code accounts} accounts of
 * {@link #ENTRIES_PER_ACCOUNT} entries each. Every account is linked to another one (its savings twin), and every
 * lookup the statement makes is by primary key or by the indexed {@code account_id}: each query is microseconds, so
 * the request is dominated by the per-statement cost of JDBC, which is what the overhead benchmark wants to measure.
 */
final class LedgerDatabase implements AutoCloseable {
    static final int ENTRIES_PER_ACCOUNT = 20;
    private static final String[] SCHEMA = {
        "CREATE TABLE branch (id INT PRIMARY KEY, name VARCHAR(40), city VARCHAR(40))",
        "CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(60), tier VARCHAR(10))",
        "CREATE TABLE fx_rate (currency CHAR(3) PRIMARY KEY, rate DECIMAL(12, 6))",
        "CREATE TABLE account (id INT PRIMARY KEY, name VARCHAR(60), currency CHAR(3), branch_id INT,"
                + " customer_id INT, linked_id INT)",
        "CREATE TABLE account_limit (account_id INT PRIMARY KEY, daily_limit DECIMAL(12, 2), overdraft DECIMAL(12, 2))",
        "CREATE TABLE entry (id BIGINT PRIMARY KEY, account_id INT, amount DECIMAL(12, 2), booked_on DATE)",
        "CREATE INDEX entry_account ON entry (account_id, id)",
        "CREATE TABLE standing_order (id INT PRIMARY KEY, account_id INT, amount DECIMAL(12, 2))",
        "CREATE INDEX standing_order_account ON standing_order (account_id)",
    };

    private final HikariDataSource dataSource;

    private LedgerDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens a fresh named in-memory database, seeds it and returns it with its pool of {@code poolSize}. */
    static LedgerDatabase open(String name, int accounts, int poolSize) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setPoolName("ledger-pool");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setConnectionTimeout(5_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            seed(dataSource, accounts);
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new LedgerDatabase(dataSource);
    }

    private static void seed(DataSource dataSource, int accounts) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            // Set-based seeding (SYSTEM_RANGE): a few statements instead of tens of thousands, so start-up stays short.
            s.execute("INSERT INTO branch SELECT x, 'Branch ' || x, 'City ' || MOD(x, 7) FROM SYSTEM_RANGE(1, 50)");
            s.execute("INSERT INTO customer SELECT x, 'Customer ' || x, CASE MOD(x, 3) WHEN 0 THEN 'gold' ELSE 'basic' END"
                    + " FROM SYSTEM_RANGE(1, " + accounts + ")");
            s.execute("INSERT INTO fx_rate VALUES ('EUR', 1.0), ('USD', 0.92), ('GBP', 1.17), ('CHF', 1.04)");
            s.execute("INSERT INTO account SELECT x, 'Account ' || x,"
                    + " CASE MOD(x, 4) WHEN 0 THEN 'EUR' WHEN 1 THEN 'USD' WHEN 2 THEN 'GBP' ELSE 'CHF' END,"
                    + " 1 + MOD(x, 50), x, 1 + MOD(x, " + accounts + ") FROM SYSTEM_RANGE(1, " + accounts + ")");
            s.execute("INSERT INTO account_limit SELECT x, 1000 + MOD(x, 9) * 500, MOD(x, 5) * 100"
                    + " FROM SYSTEM_RANGE(1, " + accounts + ")");
            s.execute("INSERT INTO entry SELECT x, 1 + MOD(x, " + accounts + "), MOD(x * 7919, 2000) - 900,"
                    + " DATEADD('DAY', -MOD(x, 365), DATE '2026-01-01')"
                    + " FROM SYSTEM_RANGE(1, " + (long) accounts * ENTRIES_PER_ACCOUNT + ")");
            s.execute("INSERT INTO standing_order SELECT x, 1 + MOD(x * 13, " + accounts + "), 25 + MOD(x, 200)"
                    + " FROM SYSTEM_RANGE(1, " + accounts + ")");
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

package dev.hotpath.examples.e2e.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the instrumentation test apps do per request, through the plain H2 driver (no pool): a
 * lookup repeated n times (an N+1), one plain statement, one batch.
 */
public final class AppDatabase {
    static final String URL = "jdbc:h2:mem:apps;DB_CLOSE_DELAY=-1";

    private AppDatabase() {
    }

    public static void create() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("create table items(id int primary key, name varchar(40))");
            s.execute("insert into items select x, 'item-' || x from system_range(1, 100)");
            s.execute("create table audit(id int auto_increment primary key, note varchar(40))");
        }
    }

    /** Looks up n items one by one (the N+1), then counts them with a plain statement. */
    public static String items(int n) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(URL)) {
            for (int i = 1; i <= n; i++) {
                try (PreparedStatement ps = c.prepareStatement("select name from items where id = ?")) {
                    ps.setInt(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        out.append(rs.getString(1)).append(' ');
                    }
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from items where name like 'item-%'")) {
                rs.next();
                out.append(rs.getInt(1));
            }
        }
        return out.toString();
    }

    /** Three inserts in one batch. */
    public static void audit() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL);
             PreparedStatement ps = c.prepareStatement("insert into audit(note) values (?)")) {
            for (int i = 0; i < 3; i++) {
                ps.setString(1, "note " + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

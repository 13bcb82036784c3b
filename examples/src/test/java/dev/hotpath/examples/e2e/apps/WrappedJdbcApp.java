package dev.hotpath.examples.e2e.apps;

import com.sun.net.httpserver.HttpServer;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * JDBC the way pools and tracing drivers wrap it: three DataSources around H2's, connections and
 * statements wrapped once more, and a connection whose getMetaData runs SQL of its own. Each request
 * makes one getConnection, one prepareStatement and two executeQuery calls.
 */
public final class WrappedJdbcApp {
    private WrappedJdbcApp() {
    }

    public static void main(String[] args) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:wrapped;DB_CLOSE_DELAY=-1");
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table t(id int primary key, v varchar(10))");
            s.execute("insert into t values (1, 'a'), (2, 'b')");
        }
        DataSource ds = new WrappingDataSource(new WrappingDataSource(new WrappingDataSource(h2)));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/wrapped", exchange -> {
            String body;
            int status = 200;
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select v from t where id = ?")) {
                StringBuilder sb = new StringBuilder();
                for (int id = 1; id <= 2; id++) {
                    ps.setInt(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sb.append(rs.getString(1));
                    }
                }
                body = sb.toString();
            } catch (SQLException e) {
                status = 500;
                body = e.toString();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        System.out.println("APP LISTENING " + server.getAddress().getPort());
    }

    /** A DataSource that hands out wrapped connections of the one it wraps. */
    static final class WrappingDataSource implements DataSource {
        private final DataSource delegate;

        WrappingDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return wrap(delegate.getConnection());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return wrap(delegate.getConnection(user, password));
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return delegate.isWrapperFor(iface);
        }
    }

    /**
     * Wraps a connection (and the statements it prepares) with a dynamic proxy, the way tracing
     * drivers do; its getMetaData first runs a query of its own, as some drivers do.
     */
    static Connection wrap(Connection real) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                if (method.getName().equals("getMetaData")) {
                    try (Statement s = real.createStatement(); ResultSet rs = s.executeQuery("select 42")) {
                        rs.next();
                    }
                    return (DatabaseMetaData) method.invoke(real, args);
                }
                Object result = method.invoke(real, args);
                if (result instanceof PreparedStatement) {
                    return wrapStatement((PreparedStatement) result);
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(WrappedJdbcApp.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    static PreparedStatement wrapStatement(PreparedStatement real) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (PreparedStatement) Proxy.newProxyInstance(WrappedJdbcApp.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }
}

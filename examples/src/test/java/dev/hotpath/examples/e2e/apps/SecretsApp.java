package dev.hotpath.examples.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * An app that handles secrets the way real ones do (issue 7, item 12): {@code GET /lookup?s=..&n=..&d=..&h=..&q=..&u=..&b=..}
 * runs SQL with the values as literals (string, number, date, hex, dollar-quoted, an unterminated string that fails)
 * and as a bind value, then calls itself with the value {@code u} as URL user-info and as signed query parameters
 * ({@code X-Amz-Signature}, {@code sig}, {@code token}), over HttpURLConnection and java.net.http.HttpClient.
 * Secrets also sit in its environment and command line. It prints nothing about them.
 */
public final class SecretsApp {
    private static final String URL = "jdbc:h2:mem:secrets;DB_CLOSE_DELAY=-1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static int port;

    private SecretsApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("create table accounts(id bigint primary key, owner varchar(80), opened date, secret varbinary(32))");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/lookup", exchange -> {
            try {
                Map<String, String> q = query(exchange);
                int found = lookup(q);
                call(q.get("u"));
                respond(exchange, 200, "found " + found);
            } catch (Exception e) {
                respond(exchange, 500, e.getClass().getSimpleName());
            }
        });
        server.createContext("/echo", exchange -> respond(exchange, 200, "ok"));
        server.setExecutor(Executors.newFixedThreadPool(4)); // /lookup calls /echo on this server
        server.start();
        port = server.getAddress().getPort();
        System.out.println("APP LISTENING " + port);
    }

    private static int lookup(Map<String, String> q) throws SQLException {
        int found = 0;
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            found += count(s, "select count(*) from accounts where owner = '" + q.get("s") + "'");
            found += count(s, "select count(*) from accounts where id = " + q.get("n") + " or id = -" + q.get("n"));
            found += count(s, "select count(*) from accounts where opened = DATE '" + q.get("d") + "'");
            found += count(s, "select count(*) from accounts where secret = X'" + q.get("h") + "'");
            found += count(s, "select count(*) from accounts where owner = $$" + q.get("q") + "$$");
            try {
                count(s, "select count(*) from accounts where owner = '" + q.get("s") + " and id = " + q.get("n"));
            } catch (SQLException expected) {
                // the unterminated literal fails in the driver, as it would in production
            }
            try (PreparedStatement p = c.prepareStatement("select count(*) from accounts where owner = ?")) {
                p.setString(1, q.get("b"));
                try (var rs = p.executeQuery()) {
                    rs.next();
                    found += rs.getInt(1);
                }
            }
        }
        return found;
    }

    private static int count(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Outbound calls carrying the secret in the user-info and in signed query parameters. */
    private static void call(String secret) throws Exception {
        String query = "?X-Amz-Signature=" + secret + "&sig=" + secret + "&token=" + secret + "&page=2";
        HttpURLConnection conn = (HttpURLConnection) URI.create("http://svc:" + secret + "@127.0.0.1:" + port + "/echo/a" + query)
                .toURL().openConnection();
        try (InputStream in = conn.getInputStream()) {
            in.readAllBytes();
        }
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo/b" + query)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> out = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package dev.hotpath.examples.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Executors;

/**
 * The instrumented libraries through API that every supported version has (HikariCP 4 to 7, OkHttp 3
 * to 5, Apache HttpClient 5.0 to 5.6), run on whichever versions its class path holds. {@code GET
 * /drift} queries H2 through a Hikari pool named {@code drift-pool} and calls this server's
 * {@code /backend/} with OkHttp and with Apache, which answers with the {@code traceparent} it got.
 * Prints the jar each library was loaded from, and any failure with its stack trace.
 */
public final class LibraryDriftApp {
    private LibraryDriftApp() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:drift;DB_CLOSE_DELAY=-1");
        config.setPoolName("drift-pool");
        config.setMaximumPoolSize(2);
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table stock(id int primary key, item varchar(20))");
            s.execute("insert into stock values (42, 'anvil')");
        }
        OkHttpClient okhttp = new OkHttpClient();
        CloseableHttpClient apache = HttpClients.createDefault();
        System.out.println("LOADED hikari " + jar(HikariDataSource.class));
        System.out.println("LOADED okhttp " + jar(OkHttpClient.class));
        System.out.println("LOADED apache " + jar(CloseableHttpClient.class));

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4)); // /drift calls /backend/ on the same server
        String base = "http://127.0.0.1:";
        server.createContext("/backend/", exchange -> respond(exchange, 200,
                exchange.getRequestURI().getPath() + " traceparent=" + exchange.getRequestHeaders().getFirst("traceparent")));
        server.createContext("/drift", exchange -> {
            String self = base + server.getAddress().getPort();
            StringBuilder out = new StringBuilder();
            int status = 200;
            try {
                out.append("db ").append(item(pool, 42)).append('\n');
                try (Response r = okhttp.newCall(new Request.Builder().url(self + "/backend/okhttp").build()).execute()) {
                    out.append("okhttp ").append(r.code()).append(' ').append(r.body().string()).append('\n');
                }
                String answer = apache.execute(new HttpGet(self + "/backend/apache"),
                        response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
                out.append("apache ").append(answer).append('\n');
            } catch (Throwable e) {
                e.printStackTrace();
                status = 500;
                out.append(e);
            }
            respond(exchange, status, out.toString());
        });
        server.start();
        System.out.println("DRIFT LISTENING " + server.getAddress().getPort());
    }

    private static String item(HikariDataSource pool, int id) throws Exception {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("select item from stock where id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "none";
            }
        }
    }

    private static String jar(Class<?> type) {
        return String.valueOf(type.getProtectionDomain().getCodeSource().getLocation());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }
}

package dev.hotpath.examples.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A com.sun.net.httpserver app whose handler is a lambda, as such apps usually are. */
public final class HttpServerApp {
    private HttpServerApp() {
    }

    public static void main(String[] args) throws Exception {
        // what runs before the first request: the agent must not have started any thread of its own
        System.out.println("THREADS AT START: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
        AppDatabase.create();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/items/", exchange -> {
            try {
                int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/items/".length()));
                respond(exchange, 200, AppDatabase.items(n));
            } catch (Exception e) {
                respond(exchange, 400, e.toString());
            }
        });
        server.createContext("/audit", exchange -> {
            try {
                AppDatabase.audit();
                respond(exchange, 201, "ok");
            } catch (Exception e) {
                respond(exchange, 500, e.toString());
            }
        });
        server.createContext("/boom", exchange -> {
            throw new IllegalStateException("boom"); // the server closes the exchange without a response
        });
        server.start();
        System.out.println("APP LISTENING " + server.getAddress().getPort());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

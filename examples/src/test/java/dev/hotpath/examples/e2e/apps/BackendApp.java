package dev.hotpath.examples.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The downstream service of {@link FrontendApp}: answers every path with the trace context it
 * received ({@code traceparent|tracestate}), {@code /fail} with a 503, {@code POST}s with a 201.
 */
public final class BackendApp {
    private BackendApp() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String seen = exchange.getRequestHeaders().getFirst("traceparent") + "|" + exchange.getRequestHeaders().getFirst("tracestate");
            int status = exchange.getRequestURI().getPath().equals("/fail") ? 503
                    : exchange.getRequestMethod().equals("POST") ? 201 : 200;
            respond(exchange, status, seen);
        });
        server.start();
        System.out.println("BACKEND LISTENING " + server.getAddress().getPort());
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package dev.hotpath.examples.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A service with one known hot method: {@code GET /work/{n}} spends its time in {@link #crunchPrimes(int)}
 * and answers the number of primes below n, so tests can check both the profile and the answer.
 * {@code GET /wait/{ms}} sleeps instead (a request that takes time without using CPU: the control).
 */
public final class HotMethodApp {
    private HotMethodApp() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/work/", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/work/".length()));
            respond(exchange, 200, Integer.toString(crunchPrimes(n)));
        });
        server.createContext("/wait/", exchange -> {
            long ms = Long.parseLong(exchange.getRequestURI().getPath().substring("/wait/".length()));
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "waited");
        });
        server.start();
        System.out.println("APP LISTENING " + server.getAddress().getPort());
    }

    /** The hot method: trial division, deliberately slow. */
    public static int crunchPrimes(int below) {
        int count = 0;
        for (int candidate = 2; candidate < below; candidate++) {
            boolean prime = true;
            for (int d = 2; d < candidate; d++) {
                if (candidate % d == 0) {
                    prime = false;
                    break;
                }
            }
            count += prime ? 1 : 0;
        }
        return count;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

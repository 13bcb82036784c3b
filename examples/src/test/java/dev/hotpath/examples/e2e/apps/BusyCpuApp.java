package dev.hotpath.examples.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A com.sun.net.httpserver app that can burn every CPU it may use: {@code /burn} starts
 * 4 x availableProcessors spinning threads, {@code /calm} stops them; {@code /work/<phase>} answers a
 * deterministic computation, so a test can tell whether the agent changed any answer while it shed its work.
 */
public final class BusyCpuApp {
    private static final List<Thread> burners = new ArrayList<>();
    private static volatile boolean burning;
    private static volatile long sink;

    private BusyCpuApp() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/work/", exchange -> respond(exchange, "ok " + work(exchange.getRequestURI().getPath())));
        server.createContext("/burn", exchange -> {
            startBurning(4 * Runtime.getRuntime().availableProcessors());
            respond(exchange, "burning");
        });
        server.createContext("/calm", exchange -> {
            burning = false;
            respond(exchange, "calm");
        });
        server.start();
        System.out.println("APP LISTENING " + server.getAddress().getPort());
    }

    /** A small, fixed amount of work whose answer depends only on the path. */
    public static long work(String path) {
        long h = 1125899906842597L;
        for (int round = 0; round < 2_000; round++) {
            for (int i = 0; i < path.length(); i++) {
                h = 31 * h + path.charAt(i) + round;
            }
        }
        return h & 0xffffff;
    }

    private static synchronized void startBurning(int threads) {
        burning = true;
        burners.removeIf(t -> !t.isAlive());
        while (burners.size() < threads) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (burning) {
                    x += System.nanoTime() % 7;
                }
                sink = x;
            }, "burner-" + burners.size());
            t.setDaemon(true);
            burners.add(t);
            t.start();
        }
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package dev.hotpath.examples.pricing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shop's downstream dependency in the demo (JDK HTTP server, loopback only), with fast and slow
 * routes whose latency is fixed by design:
 * <ul>
 *   <li>{@code GET /prices/{sku}}: one price, {@value #PRICE_MS} ms (the shop calls it once per cart item: N+1 over HTTP)</li>
 *   <li>{@code GET /prices?skus=1,2,3}: many prices in one call, {@value #BATCH_MS} ms (the control)</li>
 *   <li>{@code GET /stock/{sku}}: {@value #STOCK_MS} ms (the shop holds a pooled connection across it)</li>
 *   <li>{@code GET /forecast/{sku}}: {@value #FORECAST_MS} ms (a slow dependency)</li>
 * </ul>
 *
 * <pre>java -cp hotpath-examples.jar dev.hotpath.examples.pricing.PricingService [--port N]</pre>
 *
 * Prints {@code PRICING LISTENING <port>} once serving.
 */
public final class PricingService implements AutoCloseable {
    public static final long PRICE_MS = 2;
    public static final long BATCH_MS = 3;
    public static final long STOCK_MS = 250;
    public static final long FORECAST_MS = 60;

    private final HttpServer server;
    private final ExecutorService executor;

    private PricingService(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static PricingService start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "pricing-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/prices", PricingService::prices);
        server.createContext("/stock/", exchange -> delayed(exchange, STOCK_MS, "stock"));
        server.createContext("/forecast/", exchange -> delayed(exchange, FORECAST_MS, "forecast"));
        server.start();
        return new PricingService(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void prices(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String query = uri.getRawQuery();
        if (uri.getPath().equals("/prices") && query != null && query.startsWith("skus=")) {
            String[] skus = query.substring("skus=".length()).split(",");
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < skus.length; i++) {
                json.append(i == 0 ? "" : ",").append(price(skus[i]));
            }
            sleep(BATCH_MS);
            respond(exchange, 200, json.append(']').toString());
            return;
        }
        delayed(exchange, PRICE_MS, "price");
    }

    private static void delayed(HttpExchange exchange, long millis, String what) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String sku = path.substring(path.lastIndexOf('/') + 1);
        if (!"GET".equals(exchange.getRequestMethod()) || sku.isEmpty()) {
            respond(exchange, 404, "{\"error\":\"not found\"}");
            return;
        }
        sleep(millis);
        respond(exchange, 200, what.equals("price") ? price(sku)
                : String.format(Locale.ROOT, "{\"sku\":\"%s\",\"%s\":%d}", sku, what, Math.abs(sku.hashCode() % 100)));
    }

    private static String price(String sku) {
        return String.format(Locale.ROOT, "{\"sku\":\"%s\",\"cents\":%d}", sku, 100 + Math.abs(sku.hashCode() % 900));
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public static void main(String[] args) throws Exception {
        int port = args.length == 0 ? 0 : -1;
        if (args.length == 2 && args[0].equals("--port")) {
            try {
                port = Integer.parseInt(args[1]);
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 0 || port > 65_535) {
            System.err.println("pricing: usage: PricingService [--port N]   (0 = ephemeral, the default)");
            System.exit(2);
        }
        PricingService service = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "pricing-shutdown"));
        System.out.println("PRICING LISTENING " + service.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}

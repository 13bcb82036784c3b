package dev.hotpath.examples.shop;

import dev.hotpath.examples.shop.deps.PricingClient;
import dev.hotpath.examples.shop.deps.WorkerPools;
import dev.hotpath.examples.shop.web.CartServlet;
import dev.hotpath.examples.shop.web.CustomerServlet;
import dev.hotpath.examples.shop.web.AllocationServlet;
import dev.hotpath.examples.shop.web.HealthServlet;
import dev.hotpath.examples.shop.web.InventoryServlet;
import dev.hotpath.examples.shop.web.NotFoundServlet;
import dev.hotpath.examples.shop.web.OrderServlet;
import dev.hotpath.examples.shop.web.ProductServlet;
import dev.hotpath.examples.shop.web.QuoteServlet;
import dev.hotpath.examples.shop.web.RecommendationServlet;
import dev.hotpath.examples.shop.web.ReportServlet;
import dev.hotpath.examples.shop.web.UnavailableServlet;

import jakarta.servlet.http.HttpServlet;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * The demo target for the profiler: a small shop on embedded Jetty (loopback only) over an in-memory H2
 * database, with labelled bottlenecks, each next to its control:
 * <ul>
 *   <li>{@code GET /customers/{id}/orders}: N+1 queries ({@code /customers/{id}/orders-fixed}: one join)</li>
 *   <li>{@code GET /reports/{id}}: connection pool exhaustion ({@code /reports-fixed/{id}})</li>
 *   <li>{@code GET /quotes/{id}}: thread pool exhaustion ({@code /quotes-fixed/{id}})</li>
 *   <li>{@code GET /carts/{id}}: N+1 over HTTP ({@code /carts-fixed/{id}})</li>
 *   <li>{@code GET /recommendations/{id}}: slow dependency ({@code /recommendations-fixed/{id}})</li>
 *   <li>{@code GET /inventory/{sku}/reserve}: lock contention ({@code /inventory/{sku}/reserve-unshared})</li>
 *   <li>{@code GET /allocations/report}: allocation-heavy (GC)</li>
 * </ul>
 * The last four call the pricing service ({@code dev.hotpath.examples.pricing.PricingService}) given by
 * {@code --pricing URL}; without it they answer 503.
 *
 * <pre>java -cp hotpath-examples.jar dev.hotpath.examples.shop.ShopService [--port N] [--db-transport tcp|embedded] [--pricing URL]</pre>
 *
 * Prints {@code SHOP LISTENING <port>} once serving; stops cleanly on SIGTERM.
 */
public final class ShopService implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    private static final int HTTP_THREADS = 50;

    private final ShopDatabase database;
    private final Server server;
    private final WorkerPools workers;

    private ShopService(ShopDatabase database, Server server, WorkerPools workers) {
        this.database = database;
        this.server = server;
        this.workers = workers;
    }

    /** Starts with the defaults: seeded data, statements over loopback TCP. */
    public static ShopService start(int port) throws Exception {
        return start(port, SeedShape.DEFAULT, DbTransport.TCP, null);
    }

    /** Seeds the database and starts serving; port 0 picks an ephemeral port; pricingUrl may be null. */
    public static ShopService start(int port, SeedShape shape, DbTransport transport, String pricingUrl) throws Exception {
        ShopDatabase database = ShopDatabase.open(transport);
        WorkerPools workers = new WorkerPools();
        Server server = null;
        try {
            // Seed on another thread while Jetty initialises: on a cold JVM these two dominate start-up.
            CompletableFuture<Void> seeding = CompletableFuture.runAsync(() -> {
                try {
                    database.load(shape);
                } catch (SQLException e) {
                    throw new IllegalStateException("seeding the shop database failed", e);
                }
            }, runnable -> new Thread(runnable, "shop-seed").start());

            CatalogRepository catalog = new CatalogRepository(database.dataSource());
            OrderRepository orders = new OrderRepository(database.dataSource());
            QueuedThreadPool threads = new QueuedThreadPool(HTTP_THREADS, 8);
            threads.setName("shop-http");
            server = new Server(threads);
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            add(context, "customers", new CustomerServlet(catalog, orders), "/customers/*");
            add(context, "products", new ProductServlet(catalog), "/products/*");
            add(context, "orders", new OrderServlet(orders), "/orders");
            add(context, "inventory", new InventoryServlet(), "/inventory/*");
            add(context, "allocations", new AllocationServlet(), "/allocations/*");
            if (pricingUrl != null) {
                PricingClient pricing = new PricingClient(pricingUrl);
                add(context, "reports", new ReportServlet(pricing, database.newPool("report-pool", 2), false), "/reports/*");
                add(context, "reports-fixed", new ReportServlet(pricing, database.newPool("report-pool-fixed", 2), true), "/reports-fixed/*");
                add(context, "quotes", new QuoteServlet(workers.quoteWorkers()), "/quotes/*");
                add(context, "quotes-fixed", new QuoteServlet(workers.quoteWorkersFixed()), "/quotes-fixed/*");
                add(context, "carts", new CartServlet(pricing, false), "/carts/*");
                add(context, "carts-fixed", new CartServlet(pricing, true), "/carts-fixed/*");
                add(context, "recommendations", new RecommendationServlet(pricing, catalog, false), "/recommendations/*");
                add(context, "recommendations-fixed", new RecommendationServlet(pricing, catalog, true), "/recommendations-fixed/*");
            } else {
                for (String feature : new String[] {"reports", "reports-fixed", "quotes", "quotes-fixed", "carts", "carts-fixed",
                        "recommendations", "recommendations-fixed"}) {
                    add(context, feature, new UnavailableServlet("start the shop with --pricing URL"), "/" + feature + "/*");
                }
            }
            add(context, "health", new HealthServlet(), "/health");
            add(context, "not-found", new NotFoundServlet(), "/");
            server.setHandler(context);
            server.setStopTimeout(5_000);
            server.start();
            seeding.join();

            // The connector is added last, so no request reaches a servlet before the data is loaded.
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(HOST);
            connector.setPort(port);
            server.addConnector(connector);
            connector.start();
            return new ShopService(database, server, workers);
        } catch (Exception e) {
            if (server != null) {
                server.stop();
            }
            workers.close();
            database.close();
            throw e;
        }
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            workers.close();
            database.close();
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("shop: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        ShopService service = start(options.port(), SeedShape.DEFAULT, options.transport(), options.pricingUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("shop: error while stopping: " + e);
            }
        }, "shop-shutdown"));
        System.out.println("SHOP LISTENING " + service.port());
        System.out.flush();
        service.join();
    }

    private static void add(ServletContextHandler context, String name, HttpServlet servlet, String pathSpec) {
        context.addServlet(new ServletHolder(name, servlet), pathSpec);
    }

    /** Command line: {@code [--port N] [--db-transport tcp|embedded] [--pricing URL]}. */
    record Options(int port, DbTransport transport, String pricingUrl) {
        static final String USAGE = "usage: ShopService [--port N] [--db-transport tcp|embedded] [--pricing http://127.0.0.1:PORT]"
                + "   (port default 8080, 0 = ephemeral)";

        static Options parse(String[] args) {
            int port = 8080;
            DbTransport transport = DbTransport.TCP;
            String pricing = null;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                String value;
                int eq = flag.indexOf('=');
                if (flag.startsWith("--") && eq > 0) {
                    value = flag.substring(eq + 1);
                    flag = flag.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("missing value for '" + flag + "'");
                }
                switch (flag) {
                    case "--port" -> port = port(value);
                    case "--db-transport" -> transport = transport(value);
                    case "--pricing" -> pricing = pricingUrl(value);
                    default -> throw new IllegalArgumentException("unknown argument '" + flag + "'");
                }
            }
            return new Options(port, transport, pricing);
        }

        private static String pricingUrl(String value) {
            if (!value.startsWith("http://127.0.0.1:") && !value.startsWith("http://localhost:")) {
                throw new IllegalArgumentException("--pricing must be a loopback URL such as http://127.0.0.1:8081, got '" + value + "'");
            }
            return value;
        }

        private static int port(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new IllegalArgumentException("--port needs a number in 0..65535, got '" + value + "'");
        }

        private static DbTransport transport(String value) {
            switch (value) {
                case "tcp": return DbTransport.TCP;
                case "embedded": return DbTransport.EMBEDDED;
                default: throw new IllegalArgumentException("--db-transport must be tcp or embedded, got '" + value + "'");
            }
        }
    }
}

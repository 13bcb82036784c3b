package dev.hotpath.examples.shop;

import dev.hotpath.examples.shop.web.CustomerServlet;
import dev.hotpath.examples.shop.web.HealthServlet;
import dev.hotpath.examples.shop.web.InventoryServlet;
import dev.hotpath.examples.shop.web.NotFoundServlet;
import dev.hotpath.examples.shop.web.OrderServlet;
import dev.hotpath.examples.shop.web.ProductServlet;
import dev.hotpath.examples.shop.web.ReportServlet;

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
 * database. {@code GET /customers/{id}/orders} is the labelled N+1; {@code /customers/{id}/orders-fixed}
 * is its control. {@code GET /inventory/{sku}/reserve} is the labelled lock contention,
 * {@code /inventory/{sku}/reserve-unshared} its control; {@code GET /reports/allocations} allocates heavily
 * (GC). The lock and GC endpoints are not in the demo's default load.
 *
 * <pre>java -cp hotpath-examples.jar dev.hotpath.examples.shop.ShopService [--port N] [--db-transport tcp|embedded]</pre>
 *
 * Prints {@code SHOP LISTENING <port>} once serving; stops cleanly on SIGTERM.
 */
public final class ShopService implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    private static final int HTTP_THREADS = 50;

    private final ShopDatabase database;
    private final Server server;

    private ShopService(ShopDatabase database, Server server) {
        this.database = database;
        this.server = server;
    }

    /** Starts with the defaults: seeded data, statements over loopback TCP. */
    public static ShopService start(int port) throws Exception {
        return start(port, SeedShape.DEFAULT, DbTransport.TCP);
    }

    /** Seeds the database and starts serving; port 0 picks an ephemeral port. */
    public static ShopService start(int port, SeedShape shape, DbTransport transport) throws Exception {
        ShopDatabase database = ShopDatabase.open(transport);
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
            add(context, "reports", new ReportServlet(), "/reports/*");
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
            return new ShopService(database, server);
        } catch (Exception e) {
            if (server != null) {
                server.stop();
            }
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
        ShopService service = start(options.port(), SeedShape.DEFAULT, options.transport());
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

    /** Command line: {@code [--port N] [--db-transport tcp|embedded]}. */
    record Options(int port, DbTransport transport) {
        static final String USAGE =
                "usage: ShopService [--port N] [--db-transport tcp|embedded]   (port default 8080, 0 = ephemeral)";

        static Options parse(String[] args) {
            int port = 8080;
            DbTransport transport = DbTransport.TCP;
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
                    default -> throw new IllegalArgumentException("unknown argument '" + flag + "'");
                }
            }
            return new Options(port, transport);
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

package dev.hotpath.examples.ledger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;

/**
 * The DB-heavy benchmark target: embedded Jetty (loopback only) over an in-memory H2 database through HikariCP, with
 * one endpoint, {@code GET /accounts/{id}/statement}, that runs 20 small prepared statements per request (see
 * {@link AccountStatements}) and answers in well under a millisecond. No labelled bottleneck: it is what an
 * agent's per-call costs are measured on.
 *
 * <pre>java -cp hotpath-examples.jar dev.hotpath.examples.ledger.LedgerService [--port 8080] [--accounts 2000] [--pool 16] [--threads 50]</pre>
 *
 * Prints {@code LEDGER LISTENING <port>} once serving; stops cleanly on SIGTERM.
 */
public final class LedgerService implements AutoCloseable {
    public static final String HOST = "127.0.0.1";

    private final LedgerDatabase database;
    private final Server server;

    private LedgerService(LedgerDatabase database, Server server) {
        this.database = database;
        this.server = server;
    }

    /** Seeds the database and starts serving; port 0 picks an ephemeral port. */
    public static LedgerService start(Options options) throws Exception {
        LedgerDatabase database = LedgerDatabase.open("ledger" + System.nanoTime(), options.accounts(), options.pool());
        Server server = null;
        try {
            QueuedThreadPool threads = new QueuedThreadPool(options.threads(), Math.min(8, options.threads()));
            threads.setName("ledger-http");
            server = new Server(threads);
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            context.addServlet(new ServletHolder("statements", new StatementServlet(new AccountStatements(database.dataSource()))),
                    "/accounts/*");
            context.addServlet(new ServletHolder("health", new Health()), "/health");
            server.setHandler(context);
            server.setStopTimeout(5_000);
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(HOST);
            connector.setPort(options.port());
            server.addConnector(connector);
            server.start();
            return new LedgerService(database, server);
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
            System.err.println("ledger: " + e.getMessage() + " (try --help)");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(Options.USAGE);
            return;
        }
        LedgerService service = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("ledger: error while stopping: " + e);
            }
        }, "ledger-shutdown"));
        System.out.println("LEDGER LISTENING " + service.port());
        System.out.flush();
        service.join();
    }

    private static final class Health extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(200);
            response.setContentType("text/plain");
            response.getOutputStream().print("ok");
        }
    }

    /** Command line: {@code [--port N] [--accounts N] [--pool N] [--threads N]}. */
    public record Options(int port, int accounts, int pool, int threads) {
        static final String USAGE = "usage: LedgerService [--port 8080] [--accounts 2000] [--pool 16] [--threads 50]"
                + "   (port 0 = ephemeral; serves GET /accounts/{id}/statement for id 1..accounts, 20 queries each)";

        public Options {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--port needs a number in 0..65535, got " + port);
            }
            if (accounts < 1 || accounts > 1_000_000) {
                throw new IllegalArgumentException("--accounts needs a number in 1..1000000, got " + accounts);
            }
            if (pool < 1 || pool > 200) {
                throw new IllegalArgumentException("--pool needs a number in 1..200, got " + pool);
            }
            if (threads < 4 || threads > 1000) {
                throw new IllegalArgumentException("--threads needs a number in 4..1000, got " + threads);
            }
        }

        /** @return null when help was asked for */
        static Options parse(String[] args) {
            int port = 8080;
            int accounts = 2000;
            int pool = 16;
            int threads = 50;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    return null;
                }
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
                    case "--port" -> port = integer(flag, value);
                    case "--accounts" -> accounts = integer(flag, value);
                    case "--pool" -> pool = integer(flag, value);
                    case "--threads" -> threads = integer(flag, value);
                    default -> throw new IllegalArgumentException("unknown argument '" + flag + "'");
                }
            }
            return new Options(port, accounts, pool, threads);
        }

        private static int integer(String flag, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a whole number, got '" + value + "'");
            }
        }
    }
}

package dev.hotpath.examples.shop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.h2.tools.Server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

/**
 * The shop's in-memory H2 database: connection pool, schema, and deterministic seed data. With
 * {@link DbTransport#TCP} the pool reaches the same in-memory database through H2's TCP server on loopback, so
 * every statement costs a real network round trip, as it would against a database server.
 */
public final class ShopDatabase implements AutoCloseable {
    public static final String JDBC_URL = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";
    private static final OffsetDateTime EPOCH = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private static final int BATCH_SIZE = 1_000;
    private static final String[] CATEGORIES = {"books", "games", "garden", "kitchen", "music", "outdoor", "toys", "tools"};
    private static final String[] ADJECTIVES = {"Classic", "Compact", "Deluxe", "Eco", "Handmade", "Portable", "Pro", "Smart"};
    private static final String[] NOUNS = {"Kettle", "Lamp", "Backpack", "Puzzle", "Speaker", "Notebook", "Shovel", "Mug", "Drill", "Tent"};
    private static final String[] FIRST = {"Ada", "Alan", "Barbara", "Claude", "Edsger", "Frances", "Grace", "John", "Katherine", "Linus", "Margaret", "Niklaus"};
    private static final String[] LAST = {"Hopper", "Lovelace", "Turing", "Liskov", "Shannon", "Dijkstra", "Allen", "Backus", "Johnson", "Torvalds", "Hamilton", "Wirth"};
    private static final String[] TIERS = {"standard", "standard", "standard", "silver", "gold"};
    private static final String[] STATUSES = {"DELIVERED", "DELIVERED", "DELIVERED", "SHIPPED", "PAID", "CANCELLED"};

    private static final String[] CONSTRAINTS_AND_INDEXES = {
        "CREATE INDEX orders_customer_idx ON orders(customer_id)",
        "CREATE INDEX order_items_order_idx ON order_items(order_id)",
        "CREATE INDEX order_items_product_idx ON order_items(product_id)",
        "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers(id) NOCHECK",
        "ALTER TABLE order_items ADD CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders(id) NOCHECK",
        "ALTER TABLE order_items ADD CONSTRAINT order_items_product_fk FOREIGN KEY (product_id) REFERENCES products(id) NOCHECK",
        "ANALYZE",
    };

    private final HikariDataSource dataSource;
    private final Server tcpServer;
    private final String poolUrl;
    private final List<HikariDataSource> extraPools = new CopyOnWriteArrayList<>();

    private ShopDatabase(HikariDataSource dataSource, Server tcpServer, String poolUrl) {
        this.dataSource = dataSource;
        this.tcpServer = tcpServer;
        this.poolUrl = poolUrl;
    }

    /**
     * Creates the empty in-memory database ({@value #JDBC_URL}) and opens the "shop-pool" connection pool over it;
     * {@link #load} then creates and fills the tables.
     */
    public static ShopDatabase open(DbTransport transport) throws SQLException {
        if (transport == DbTransport.TCP && System.getProperty("h2.bindAddress") == null) {
            // Bind H2's TCP server to loopback only; read once when H2 initialises, so set before first use.
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        // An embedded connection creates the database; DB_CLOSE_DELAY=-1 keeps it alive after it closes.
        DriverManager.getConnection(JDBC_URL, "sa", "").close();
        Server tcpServer = null;
        String poolUrl = JDBC_URL;
        if (transport == DbTransport.TCP) {
            // Without -tcpAllowOthers H2 also refuses non-local clients.
            tcpServer = Server.createTcpServer("-tcpPort", "0").start();
            poolUrl = "jdbc:h2:tcp://127.0.0.1:" + tcpServer.getPort() + "/mem:shop";
        }
        try {
            return new ShopDatabase(new HikariDataSource(poolConfig(poolUrl, "shop-pool", 10)), tcpServer, poolUrl);
        } catch (RuntimeException e) {
            if (tcpServer != null) {
                tcpServer.stop();
            }
            throw e;
        }
    }

    /** Creates the schema and loads the deterministic seed data; call once, before serving. */
    public void load(SeedShape shape) throws SQLException {
        // Loaded over a dedicated embedded connection: tens of thousands of rows over TCP would be slow.
        try (Connection c = DriverManager.getConnection(JDBC_URL, "sa", "")) {
            createTables(c);
            seed(c, shape);
            addConstraintsAndIndexes(c);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Another named pool over the same database (closed with it), e.g. a small pool for one feature. */
    public DataSource newPool(String name, int maxSize) {
        HikariDataSource pool = new HikariDataSource(poolConfig(poolUrl, name, maxSize));
        extraPools.add(pool);
        return pool;
    }

    private static HikariConfig poolConfig(String url, String name, int maxSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        config.setPoolName(name);
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(maxSize);
        config.setConnectionTimeout(5_000);
        return config;
    }

    @Override
    public void close() {
        try {
            extraPools.forEach(HikariDataSource::close);
            dataSource.close();
        } finally {
            if (tcpServer != null) {
                tcpServer.stop();
            }
        }
    }

    private static void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // The named in-memory database outlives a stopped service in the same JVM; start from scratch.
            s.execute("DROP ALL OBJECTS");
            s.execute("CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                    + " category VARCHAR(40) NOT NULL, price_cents BIGINT NOT NULL)");
            s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                    + " email VARCHAR(200) NOT NULL, tier VARCHAR(20) NOT NULL)");
            s.execute("CREATE TABLE orders (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                    + " customer_id INT NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " status VARCHAR(20) NOT NULL)");
            s.execute("CREATE TABLE order_items (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                    + " order_id BIGINT NOT NULL, product_id INT NOT NULL,"
                    + " quantity INT NOT NULL, unit_price_cents BIGINT NOT NULL)");
        }
    }

    /** Foreign keys and their indexes are added after the bulk load: much faster than maintaining them per row. */
    private static void addConstraintsAndIndexes(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : CONSTRAINTS_AND_INDEXES) {
                s.execute(ddl);
            }
        }
    }

    private static void seed(Connection c, SeedShape shape) throws SQLException {
        Random random = new Random(shape.seed());
        int products = shape.products();
        int customers = shape.customers();
        Rows product = new Rows(products);
        long[] prices = new long[products + 1];
        for (int id = 1; id <= products; id++) {
            prices[id] = 199 + random.nextInt(20_000);
            product.add(id, pick(random, ADJECTIVES) + " " + pick(random, NOUNS) + " " + id,
                    pick(random, CATEGORIES), prices[id]);
        }
        Rows customer = new Rows(customers);
        for (int id = 1; id <= customers; id++) {
            String first = pick(random, FIRST);
            String last = pick(random, LAST);
            customer.add(id, first + " " + last,
                    first.toLowerCase() + "." + last.toLowerCase() + id + "@example.com", pick(random, TIERS));
        }
        Rows order = new Rows(customers * 20);
        Rows item = new Rows(customers * 60);
        long orderId = 0;
        long itemId = 0;
        int span = shape.maxOrdersPerCustomer() - shape.minOrdersPerCustomer();
        for (int customerId = 1; customerId <= customers; customerId++) {
            // Squaring a uniform draw skews towards few orders: most customers are light, a long tail is heavy.
            double u = random.nextDouble();
            int orderCount = shape.minOrdersPerCustomer() + (int) Math.round(span * u * u);
            for (int o = 0; o < orderCount; o++) {
                orderId++;
                order.add(orderId, customerId, EPOCH.plusMinutes(random.nextInt(525_600)), pick(random, STATUSES));
                int itemCount = 1 + random.nextInt(shape.maxItemsPerOrder());
                for (int i = 0; i < itemCount; i++) {
                    int productId = 1 + random.nextInt(products);
                    item.add(++itemId, orderId, productId, 1 + random.nextInt(4), prices[productId]);
                }
            }
        }
        c.setAutoCommit(false);
        insert(c, "INSERT INTO products (id, name, category, price_cents) VALUES (?, ?, ?, ?)", product);
        insert(c, "INSERT INTO customers (id, name, email, tier) VALUES (?, ?, ?, ?)", customer);
        insert(c, "INSERT INTO orders (id, customer_id, created_at, status) VALUES (?, ?, ?, ?)", order);
        insert(c, "INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents)"
                + " VALUES (?, ?, ?, ?, ?)", item);
        try (Statement s = c.createStatement()) {
            // Seed rows carry explicit ids; new rows must continue after them.
            s.execute("ALTER TABLE orders ALTER COLUMN id RESTART WITH " + (orderId + 1));
            s.execute("ALTER TABLE order_items ALTER COLUMN id RESTART WITH " + (itemId + 1));
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private static void insert(Connection c, String sql, Rows rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int pending = 0;
            for (Object[] row : rows.rows) {
                for (int column = 0; column < row.length; column++) {
                    ps.setObject(column + 1, row[column]);
                }
                ps.addBatch();
                if (++pending == BATCH_SIZE) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            ps.executeBatch();
        }
    }

    /** Generated rows, kept apart from the inserts so the random sequence is independent of how they are loaded. */
    private static final class Rows {
        private final List<Object[]> rows;

        Rows(int expectedRows) {
            rows = new ArrayList<>(expectedRows);
        }

        void add(Object... row) {
            rows.add(row);
        }
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}

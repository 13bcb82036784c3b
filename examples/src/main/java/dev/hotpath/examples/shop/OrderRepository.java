package dev.hotpath.examples.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import javax.sql.DataSource;

/**
 * Order history and order creation. {@link #findOrdersWithNPlusOne} is the labelled N+1 bottleneck;
 * {@link #findOrdersJoined} is its fixed twin and must return an equal result.
 */
public final class OrderRepository {
    private static final String SELECT_CUSTOMER_EXISTS = "SELECT 1 FROM customers WHERE id = ?";
    private static final String SELECT_ORDERS_OF_CUSTOMER =
            "SELECT id, created_at, status FROM orders WHERE customer_id = ? ORDER BY id";
    private static final String SELECT_LINES_OF_ORDER =
            "SELECT oi.product_id, p.name, oi.quantity, oi.unit_price_cents FROM order_items oi"
                    + " JOIN products p ON p.id = oi.product_id WHERE oi.order_id = ? ORDER BY oi.id";
    private static final String SELECT_ORDERS_WITH_LINES =
            "SELECT o.id, o.created_at, o.status, oi.product_id, p.name, oi.quantity, oi.unit_price_cents"
                    + " FROM orders o LEFT JOIN order_items oi ON oi.order_id = o.id"
                    + " LEFT JOIN products p ON p.id = oi.product_id"
                    + " WHERE o.customer_id = ? ORDER BY o.id, oi.id";
    private static final String INSERT_ORDER =
            "INSERT INTO orders (customer_id, created_at, status) VALUES (?, ?, 'PAID')";
    private static final String INSERT_ORDER_ITEM =
            "INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?)";

    private final DataSource dataSource;

    public OrderRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * THE LABELLED N+1: one query for the customer's orders, then one query per order for its lines.
     * Empty when the customer does not exist.
     */
    public Optional<List<Order>> findOrdersWithNPlusOne(int customerId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!customerExists(c, customerId)) {
                return Optional.empty();
            }
            List<Order> headers = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT_ORDERS_OF_CUSTOMER)) {
                ps.setInt(1, customerId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        headers.add(new Order(rs.getLong(1), isoUtc(rs.getObject(2, OffsetDateTime.class)), rs.getString(3), List.of()));
                    }
                }
            }
            List<Order> orders = new ArrayList<>(headers.size());
            for (Order header : headers) {
                // The N+1: the same statement text, a fresh round trip per order (what a lazy ORM association does).
                orders.add(new Order(header.id(), header.createdAt(), header.status(), findLines(c, header.id())));
            }
            return Optional.of(orders);
        }
    }

    /** The fixed twin: the same result from a single JOIN query. */
    public Optional<List<Order>> findOrdersJoined(int customerId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!customerExists(c, customerId)) {
                return Optional.empty();
            }
            List<Order> orders = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT_ORDERS_WITH_LINES)) {
                ps.setInt(1, customerId);
                try (ResultSet rs = ps.executeQuery()) {
                    long currentId = Long.MIN_VALUE;
                    List<OrderLine> lines = null;
                    while (rs.next()) {
                        long orderId = rs.getLong(1);
                        if (orderId != currentId) {
                            currentId = orderId;
                            lines = new ArrayList<>();
                            orders.add(new Order(orderId, isoUtc(rs.getObject(2, OffsetDateTime.class)), rs.getString(3), lines));
                        }
                        int productId = rs.getInt(4);
                        if (!rs.wasNull()) {
                            lines.add(new OrderLine(productId, rs.getString(5), rs.getInt(6), rs.getLong(7)));
                        }
                    }
                }
            }
            return Optional.of(orders);
        }
    }

    /**
     * Writes an order and its lines in one transaction, pricing lines from the catalogue.
     *
     * @throws UnknownReferenceException if the customer or a product does not exist (nothing is written)
     */
    public long createOrder(NewOrder order) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!customerExists(c, order.customerId())) {
                    throw new UnknownReferenceException("customer " + order.customerId() + " not found");
                }
                Map<Integer, Long> prices = pricesOf(c, order.items());
                long orderId;
                try (PreparedStatement ps = c.prepareStatement(INSERT_ORDER, Statement.RETURN_GENERATED_KEYS)) {
                    ps.setInt(1, order.customerId());
                    ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        orderId = keys.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(INSERT_ORDER_ITEM)) {
                    for (NewOrder.Item item : order.items()) {
                        ps.setLong(1, orderId);
                        ps.setInt(2, item.productId());
                        ps.setInt(3, item.quantity());
                        ps.setLong(4, prices.get(item.productId()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                return orderId;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static List<OrderLine> findLines(Connection c, long orderId) throws SQLException {
        List<OrderLine> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_LINES_OF_ORDER)) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new OrderLine(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getLong(4)));
                }
            }
        }
        return lines;
    }

    private static boolean customerExists(Connection c, int customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_CUSTOMER_EXISTS)) {
            ps.setInt(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Map<Integer, Long> pricesOf(Connection c, List<NewOrder.Item> items) throws SQLException {
        TreeSet<Integer> ids = new TreeSet<>();
        for (NewOrder.Item item : items) {
            ids.add(item.productId());
        }
        // One batched lookup (IN list) rather than a query per item.
        String placeholders = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        Map<Integer, Long> prices = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, price_cents FROM products WHERE id IN (" + placeholders + ")")) {
            int index = 1;
            for (int id : ids) {
                ps.setInt(index++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    prices.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        for (int id : ids) {
            if (!prices.containsKey(id)) {
                throw new UnknownReferenceException("product " + id + " not found");
            }
        }
        return prices;
    }

    private static String isoUtc(OffsetDateTime timestamp) {
        return DateTimeFormatter.ISO_INSTANT.format(timestamp.toInstant());
    }

    /** A referenced customer or product does not exist. */
    public static final class UnknownReferenceException extends RuntimeException {
        public UnknownReferenceException(String message) {
            super(message);
        }
    }
}

package dev.hotpath.examples.shop.web;

import dev.hotpath.examples.shop.deps.PricingClient;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * A stock report for a customer: their order count from the database plus a stock figure from the
 * pricing service's slow {@code /stock} route. {@code GET /reports/{id}} (the labelled pool exhaustion)
 * holds a connection of its small pool across the slow call, so under concurrency every connection is
 * busy waiting on the network; {@code GET /reports-fixed/{id}} (its control, same pool size) makes the
 * call first and holds a connection only for the query.
 */
public final class ReportServlet extends HttpServlet {
    private static final String COUNT = "SELECT COUNT(*) FROM orders WHERE customer_id = ?";

    private final transient PricingClient pricing;
    private final transient DataSource pool;
    private final boolean callBeforeConnecting;

    public ReportServlet(PricingClient pricing, DataSource pool, boolean callBeforeConnecting) {
        this.pricing = pricing;
        this.pool = pool;
        this.callBeforeConnecting = callBeforeConnecting;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        int id = IdRequest.id(request, response, "customer");
        if (id < 0) {
            return;
        }
        try {
            String stock;
            long orders;
            if (callBeforeConnecting) {
                stock = pricing.stock(id);
                try (Connection c = pool.getConnection()) {
                    orders = countOrders(c, id);
                }
            } else {
                try (Connection c = pool.getConnection()) {
                    orders = countOrders(c, id);
                    stock = pricing.stock(id); // the connection sits idle for the whole call
                }
            }
            Responses.json(response, 200, "{\"customer\":" + id + ",\"orders\":" + orders + ",\"stock\":" + stock + "}");
        } catch (SQLException e) {
            throw new ServletException("report failed", e);
        }
    }

    private static long countOrders(Connection c, int customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COUNT)) {
            ps.setInt(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

package dev.hotpath.examples.shop.web;

import dev.hotpath.examples.shop.CatalogRepository;
import dev.hotpath.examples.shop.Customer;
import dev.hotpath.examples.shop.Order;
import dev.hotpath.examples.shop.OrderRepository;
import dev.hotpath.examples.shop.ShopJson;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@code /customers/*}: {@code GET /customers/{id}}, {@code GET /customers/{id}/orders} (the labelled N+1)
 * and {@code GET /customers/{id}/orders-fixed} (its control).
 */
public final class CustomerServlet extends HttpServlet {
    private final transient CatalogRepository catalog;
    private final transient OrderRepository orders;

    public CustomerServlet(CatalogRepository catalog, OrderRepository orders) {
        this.catalog = catalog;
        this.orders = orders;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String path = request.getPathInfo();
        if (path == null || path.length() < 2) {
            Responses.error(response, 404, "not found");
            return;
        }
        String[] segments = path.substring(1).split("/", -1);
        if (segments.length > 2) {
            Responses.error(response, 404, "not found");
            return;
        }
        String action = segments.length == 2 ? segments[1] : "";
        if (!action.isEmpty() && !action.equals("orders") && !action.equals("orders-fixed")) {
            Responses.error(response, 404, "not found");
            return;
        }
        int id = PathId.parse(segments[0]);
        if (id < 0) {
            Responses.error(response, 400, "customer id must be a positive integer");
            return;
        }
        try {
            switch (action) {
                case "" -> customer(id, response);
                case "orders" -> orderHistory(id, orders.findOrdersWithNPlusOne(id), response);
                default -> orderHistory(id, orders.findOrdersJoined(id), response);
            }
        } catch (SQLException e) {
            throw new ServletException("customer lookup failed", e);
        }
    }

    private void customer(int id, HttpServletResponse response) throws SQLException, IOException {
        Optional<Customer> customer = catalog.findCustomer(id);
        if (customer.isEmpty()) {
            Responses.error(response, 404, "customer " + id + " not found");
        } else {
            Responses.json(response, 200, ShopJson.customer(customer.get()));
        }
    }

    private static void orderHistory(int id, Optional<List<Order>> history, HttpServletResponse response)
            throws IOException {
        if (history.isEmpty()) {
            Responses.error(response, 404, "customer " + id + " not found");
        } else {
            Responses.json(response, 200, ShopJson.orders(id, history.get()));
        }
    }
}

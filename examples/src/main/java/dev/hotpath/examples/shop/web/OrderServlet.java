package dev.hotpath.examples.shop.web;

import dev.hotpath.examples.shop.NewOrder;
import dev.hotpath.examples.shop.NewOrderParser;
import dev.hotpath.examples.shop.OrderRepository;
import dev.hotpath.examples.shop.ShopJson;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/** {@code POST /orders}: the submit path; writes an order and its items in one transaction. */
public final class OrderServlet extends HttpServlet {
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final transient OrderRepository orders;

    public OrderServlet(OrderRepository orders) {
        this.orders = orders;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            Responses.error(response, 413, "body too large");
            return;
        }
        String body;
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                Responses.error(response, 413, "body too large");
                return;
            }
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        NewOrder order;
        try {
            order = NewOrderParser.parse(body);
        } catch (IllegalArgumentException e) {
            Responses.error(response, 400, e.getMessage());
            return;
        }
        try {
            long id = orders.createOrder(order);
            Responses.json(response, 201, ShopJson.created(id, order.customerId()));
        } catch (OrderRepository.UnknownReferenceException e) {
            Responses.error(response, 404, e.getMessage());
        } catch (SQLException e) {
            throw new ServletException("order creation failed", e);
        }
    }
}

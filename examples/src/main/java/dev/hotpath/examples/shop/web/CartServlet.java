package dev.hotpath.examples.shop.web;

import dev.hotpath.examples.shop.deps.PricingClient;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /carts/{id}} prices the cart's {@value #ITEMS} items with one pricing call per item, one
 * after another (the labelled N+1 over HTTP); {@code GET /carts-fixed/{id}} (its control) prices them in
 * one batch call.
 */
public final class CartServlet extends HttpServlet {
    static final int ITEMS = 8;

    private final transient PricingClient pricing;
    private final boolean batched;

    public CartServlet(PricingClient pricing, boolean batched) {
        this.pricing = pricing;
        this.batched = batched;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int id = IdRequest.id(request, response, "cart");
        if (id < 0) {
            return;
        }
        List<Integer> skus = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            skus.add(id * 10 + i);
        }
        StringBuilder json = new StringBuilder("{\"cart\":").append(id).append(",\"prices\":");
        if (batched) {
            json.append(pricing.prices(skus));
        } else {
            json.append('[');
            for (int i = 0; i < skus.size(); i++) {
                json.append(i == 0 ? "" : ",").append(pricing.price(skus.get(i)));
            }
            json.append(']');
        }
        Responses.json(response, 200, json.append('}').toString());
    }
}

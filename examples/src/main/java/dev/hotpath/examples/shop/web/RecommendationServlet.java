package dev.hotpath.examples.shop.web;

import dev.hotpath.examples.shop.CatalogRepository;
import dev.hotpath.examples.shop.Product;
import dev.hotpath.examples.shop.ShopJson;
import dev.hotpath.examples.shop.deps.PricingClient;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A product with a recommendation score. {@code GET /recommendations/{id}} (the labelled slow
 * dependency) waits on the pricing service's slow {@code /forecast} route for every request;
 * {@code GET /recommendations-fixed/{id}} (its control) uses the fast {@code /prices} route instead.
 */
public final class RecommendationServlet extends HttpServlet {
    private final transient PricingClient pricing;
    private final transient CatalogRepository catalog;
    private final boolean fast;

    public RecommendationServlet(PricingClient pricing, CatalogRepository catalog, boolean fast) {
        this.pricing = pricing;
        this.catalog = catalog;
        this.fast = fast;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        int id = IdRequest.id(request, response, "product");
        if (id < 0) {
            return;
        }
        try {
            Optional<Product> product = catalog.findProduct(id);
            if (product.isEmpty()) {
                Responses.error(response, 404, "product " + id + " not found");
                return;
            }
            String score = fast ? pricing.price(id) : pricing.forecast(id);
            Responses.json(response, 200, "{\"product\":" + ShopJson.product(product.get()) + ",\"score\":" + score + "}");
        } catch (SQLException e) {
            throw new ServletException("recommendation failed", e);
        }
    }
}

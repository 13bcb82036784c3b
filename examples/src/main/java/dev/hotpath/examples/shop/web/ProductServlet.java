package dev.hotpath.examples.shop.web;

import dev.hotpath.examples.shop.CatalogRepository;
import dev.hotpath.examples.shop.Product;
import dev.hotpath.examples.shop.ShopJson;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;

/** {@code GET /products/{id}}: one query. */
public final class ProductServlet extends HttpServlet {
    private final transient CatalogRepository catalog;

    public ProductServlet(CatalogRepository catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String path = request.getPathInfo();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            Responses.error(response, 404, "not found");
            return;
        }
        int id = PathId.parse(path.substring(1));
        if (id < 0) {
            Responses.error(response, 400, "product id must be a positive integer");
            return;
        }
        try {
            Optional<Product> product = catalog.findProduct(id);
            if (product.isEmpty()) {
                Responses.error(response, 404, "product " + id + " not found");
            } else {
                Responses.json(response, 200, ShopJson.product(product.get()));
            }
        } catch (SQLException e) {
            throw new ServletException("product lookup failed", e);
        }
    }
}

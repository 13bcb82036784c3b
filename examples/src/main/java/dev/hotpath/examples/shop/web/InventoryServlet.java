package dev.hotpath.examples.shop.web;

import dev.hotpath.examples.shop.StockLedger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET /inventory/{sku}/reserve}: the labelled lock contention (one shared {@link StockLedger});
 * {@code GET /inventory/{sku}/reserve-unshared}: its control, the same work without the shared lock.
 * Not in the demo's default load.
 */
public final class InventoryServlet extends HttpServlet {
    private final transient StockLedger ledger = new StockLedger();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        String[] parts = path == null ? new String[0] : path.substring(1).split("/");
        int sku = parts.length == 2 ? PathId.parse(parts[0]) : -1;
        if (sku < 0 || !(parts[1].equals("reserve") || parts[1].equals("reserve-unshared"))) {
            Responses.error(response, 404, "not found");
            return;
        }
        try {
            int count = parts[1].equals("reserve") ? ledger.reserve(sku) : StockLedger.reserveUnshared(sku);
            Responses.json(response, 200, "{\"sku\":" + sku + ",\"reserved\":" + count + "}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Responses.error(response, 503, "interrupted");
        }
    }
}

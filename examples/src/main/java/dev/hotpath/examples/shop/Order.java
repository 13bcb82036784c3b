package dev.hotpath.examples.shop;

import java.util.List;

/** An order as returned by the order-history endpoints; {@code createdAt} is ISO-8601 UTC text. */
public record Order(long id, String createdAt, String status, List<OrderLine> lines) {

    public long totalCents() {
        long total = 0;
        for (OrderLine line : lines) {
            total += line.quantity() * line.unitPriceCents();
        }
        return total;
    }
}

package dev.hotpath.examples.shop;

import dev.hotpath.examples.json.JsonWriter;

import java.util.List;

/** The JSON shapes of the shop's responses; both order-history endpoints render through {@link #orders}. */
public final class ShopJson {
    private ShopJson() {
    }

    public static String product(Product p) {
        return new JsonWriter().beginObject()
                .field("id", p.id())
                .field("name", p.name())
                .field("category", p.category())
                .field("priceCents", p.priceCents())
                .endObject().toString();
    }

    public static String customer(Customer c) {
        return new JsonWriter().beginObject()
                .field("id", c.id())
                .field("name", c.name())
                .field("email", c.email())
                .field("tier", c.tier())
                .endObject().toString();
    }

    public static String orders(int customerId, List<Order> orders) {
        JsonWriter w = new JsonWriter().beginObject()
                .field("customerId", customerId)
                .field("orderCount", orders.size())
                .name("orders").beginArray();
        for (Order order : orders) {
            w.beginObject()
                    .field("id", order.id())
                    .field("createdAt", order.createdAt())
                    .field("status", order.status())
                    .field("totalCents", order.totalCents())
                    .name("items").beginArray();
            for (OrderLine line : order.lines()) {
                w.beginObject()
                        .field("productId", line.productId())
                        .field("productName", line.productName())
                        .field("quantity", line.quantity())
                        .field("unitPriceCents", line.unitPriceCents())
                        .endObject();
            }
            w.endArray().endObject();
        }
        return w.endArray().endObject().toString();
    }

    public static String created(long orderId, int customerId) {
        return new JsonWriter().beginObject()
                .field("id", orderId)
                .field("customerId", customerId)
                .endObject().toString();
    }

    public static String error(int status, String message) {
        return new JsonWriter().beginObject()
                .field("status", status)
                .field("error", message)
                .endObject().toString();
    }
}

package dev.hotpath.examples.shop;

import dev.hotpath.examples.json.JsonReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a {@code {"customerId":1,"items":[{"productId":3,"quantity":2}]}} body into a validated {@link NewOrder}. */
public final class NewOrderParser {
    static final int MAX_ITEMS = 100;
    static final int MAX_QUANTITY = 1_000;

    private NewOrderParser() {
    }

    /** @throws IllegalArgumentException with a client-facing message for malformed or invalid input */
    public static NewOrder parse(String body) {
        Object root;
        try {
            root = JsonReader.parse(body);
        } catch (JsonReader.JsonSyntaxException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage());
        }
        Map<?, ?> object = asObject(root, "body");
        int customerId = positiveInt(object.get("customerId"), "customerId", Integer.MAX_VALUE);
        if (!(object.get("items") instanceof List<?> rawItems)) {
            throw new IllegalArgumentException("items must be an array");
        }
        if (rawItems.isEmpty() || rawItems.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("items must hold 1.." + MAX_ITEMS + " entries");
        }
        List<NewOrder.Item> items = new ArrayList<>(rawItems.size());
        for (Object rawItem : rawItems) {
            Map<?, ?> item = asObject(rawItem, "item");
            items.add(new NewOrder.Item(
                    positiveInt(item.get("productId"), "productId", Integer.MAX_VALUE),
                    positiveInt(item.get("quantity"), "quantity", MAX_QUANTITY)));
        }
        return new NewOrder(customerId, items);
    }

    private static Map<?, ?> asObject(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(what + " must be a JSON object");
    }

    private static int positiveInt(Object value, String field, int max) {
        if (value instanceof Long n && n >= 1 && n <= max) {
            return n.intValue();
        }
        throw new IllegalArgumentException(field + " must be an integer in 1.." + max);
    }
}

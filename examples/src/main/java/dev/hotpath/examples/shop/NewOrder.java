package dev.hotpath.examples.shop;

import java.util.List;

/** A validated order submission: a customer and at least one (product, quantity) item. */
public record NewOrder(int customerId, List<Item> items) {

    public record Item(int productId, int quantity) {
    }

    public NewOrder {
        items = List.copyOf(items);
    }
}

package dev.hotpath.examples.load;

import dev.hotpath.examples.json.JsonWriter;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Random;

/** Builds the concrete request for an arrival, drawing ids uniformly from the seeded data ranges. */
final class RequestFactory {
    private final URI base;
    private final int customers;
    private final int products;
    private final Duration timeout;
    private final String path;

    RequestFactory(LoadPlan plan) {
        String target = plan.target().toString();
        this.base = URI.create(target.endsWith("/") ? target.substring(0, target.length() - 1) : target);
        this.customers = plan.customers();
        this.products = plan.products();
        this.timeout = plan.requestTimeout();
        this.path = plan.path();
    }

    HttpRequest create(Endpoint endpoint, Random random) {
        switch (endpoint) {
            case CUSTOMER_ORDERS:
                return get("/customers/" + customerId(random) + "/orders");
            case CUSTOMER_ORDERS_FIXED:
                return get("/customers/" + customerId(random) + "/orders-fixed");
            case PRODUCT:
                return get("/products/" + productId(random));
            case CUSTOMER:
                return get("/customers/" + customerId(random));
            case CREATE_ORDER:
                return post("/orders", newOrderBody(random));
            case REPORT:
                return get("/reports/" + customerId(random));
            case REPORT_FIXED:
                return get("/reports-fixed/" + customerId(random));
            case QUOTE:
                return get("/quotes/" + customerId(random));
            case QUOTE_FIXED:
                return get("/quotes-fixed/" + customerId(random));
            case CART:
                return get("/carts/" + customerId(random));
            case CART_FIXED:
                return get("/carts-fixed/" + customerId(random));
            case RECOMMENDATION:
                return get("/recommendations/" + productId(random));
            case RECOMMENDATION_FIXED:
                return get("/recommendations-fixed/" + productId(random));
            case PATH:
                return get(path.replace("{id}", Integer.toString(customerId(random))));
            default:
                throw new IllegalArgumentException("no request for " + endpoint);
        }
    }

    private String newOrderBody(Random random) {
        JsonWriter json = new JsonWriter().beginObject()
                .field("customerId", customerId(random))
                .name("items").beginArray();
        int items = 1 + random.nextInt(3);
        for (int i = 0; i < items; i++) {
            json.beginObject()
                    .field("productId", productId(random))
                    .field("quantity", 1 + random.nextInt(3))
                    .endObject();
        }
        return json.endArray().endObject().toString();
    }

    private int customerId(Random random) {
        return 1 + random.nextInt(customers);
    }

    private int productId(Random random) {
        return 1 + random.nextInt(products);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json").GET().build();
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}

package dev.hotpath.examples.load;

/**
 * The shop endpoints the driver knows how to call, with the route template used in reports. The
 * report, quote, cart and recommendation endpoints need the shop started with {@code --pricing}.
 */
public enum Endpoint {
    CUSTOMER_ORDERS("customer-orders", "GET", "/customers/{id}/orders", 200),
    CUSTOMER_ORDERS_FIXED("customer-orders-fixed", "GET", "/customers/{id}/orders-fixed", 200),
    PRODUCT("product", "GET", "/products/{id}", 200),
    CUSTOMER("customer", "GET", "/customers/{id}", 200),
    CREATE_ORDER("create-order", "POST", "/orders", 201),
    REPORT("report", "GET", "/reports/{id}", 200),
    REPORT_FIXED("report-fixed", "GET", "/reports-fixed/{id}", 200),
    QUOTE("quote", "GET", "/quotes/{id}", 200),
    QUOTE_FIXED("quote-fixed", "GET", "/quotes-fixed/{id}", 200),
    CART("cart", "GET", "/carts/{id}", 200),
    CART_FIXED("cart-fixed", "GET", "/carts-fixed/{id}", 200),
    RECOMMENDATION("recommendation", "GET", "/recommendations/{id}", 200),
    RECOMMENDATION_FIXED("recommendation-fixed", "GET", "/recommendations-fixed/{id}", 200),
    /** Any service: {@code GET} the plan's {@code --path} (see {@link LoadPlan#withPath}). */
    PATH("path", "GET", "(--path)", 200);

    private final String key;
    private final String method;
    private final String route;
    private final int expectedStatus;

    Endpoint(String key, String method, String route, int expectedStatus) {
        this.key = key;
        this.method = method;
        this.route = route;
        this.expectedStatus = expectedStatus;
    }

    /** The name used in {@code --mix}, e.g. {@code customer-orders}. */
    public String key() {
        return key;
    }

    public String method() {
        return method;
    }

    public String route() {
        return route;
    }

    /** Any other status counts as an error. */
    public int expectedStatus() {
        return expectedStatus;
    }

    /** "GET /customers/{id}/orders" */
    public String label() {
        return method + " " + route;
    }

    public static Endpoint byKey(String key) {
        for (Endpoint endpoint : values()) {
            if (endpoint.key.equals(key)) {
                return endpoint;
            }
        }
        throw new IllegalArgumentException("unknown endpoint '" + key + "' (known: " + keys() + ")");
    }

    static String keys() {
        StringBuilder sb = new StringBuilder();
        for (Endpoint endpoint : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(endpoint.key);
        }
        return sb.toString();
    }
}

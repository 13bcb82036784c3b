package dev.hotpath.examples.load;

/** The shop endpoints the driver knows how to call, with the route template used in reports. */
public enum Endpoint {
    CUSTOMER_ORDERS("customer-orders", "GET", "/customers/{id}/orders", 200),
    CUSTOMER_ORDERS_FIXED("customer-orders-fixed", "GET", "/customers/{id}/orders-fixed", 200),
    PRODUCT("product", "GET", "/products/{id}", 200),
    CUSTOMER("customer", "GET", "/customers/{id}", 200),
    CREATE_ORDER("create-order", "POST", "/orders", 201);

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

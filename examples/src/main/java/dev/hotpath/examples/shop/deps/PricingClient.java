package dev.hotpath.examples.shop.deps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The shop's client of the pricing service (java.net.http, one shared client, 5 s timeouts). */
public final class PricingClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final String base;

    public PricingClient(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String price(int sku) throws IOException {
        return get("/prices/" + sku);
    }

    public String prices(List<Integer> skus) throws IOException {
        return get("/prices?skus=" + skus.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    public String stock(int sku) throws IOException {
        return get("/stock/" + sku);
    }

    public String forecast(int sku) throws IOException {
        return get("/forecast/" + sku);
    }

    private String get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("pricing answered " + response.statusCode() + " for " + path);
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling pricing " + path, e);
        }
    }
}

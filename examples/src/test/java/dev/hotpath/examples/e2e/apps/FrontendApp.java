package dev.hotpath.examples.e2e.apps;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls {@link BackendApp} (port in args[0]) from its request handler with every JDK client:
 * {@code HttpClient.send}, {@code sendAsync}, {@code HttpURLConnection} GET and POST (the POST gets a
 * 503), and one call to a closed port. Answers with what the backend saw, one line per call. Before
 * serving it calls the backend outside any request (nothing may be recorded or injected there).
 * {@code ?linger=ms} keeps the request open after the calls, so the backend's spans reach the
 * collector well before the caller's.
 */
public final class FrontendApp {
    private FrontendApp() {
    }

    public static void main(String[] args) throws Exception {
        String backend = "http://127.0.0.1:" + args[0];
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // outside a request: the agent must neither record nor inject
        client.send(HttpRequest.newBuilder(URI.create(backend + "/startup/1")).build(), HttpResponse.BodyHandlers.ofString());
        urlConnection(backend + "/startup/2", "GET", null);

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/checkout/", exchange -> {
            StringBuilder out = new StringBuilder();
            int status = 200;
            try {
                HttpResponse<String> stock = client.send(HttpRequest.newBuilder(URI.create(backend + "/stock/42")).build(),
                        HttpResponse.BodyHandlers.ofString());
                out.append("send ").append(stock.body()).append('\n');
                HttpResponse<String> reserve = client.sendAsync(HttpRequest.newBuilder(URI.create(backend + "/reserve/42"))
                        .POST(HttpRequest.BodyPublishers.ofString("qty=1")).build(), HttpResponse.BodyHandlers.ofString()).join();
                out.append("sendAsync ").append(reserve.body()).append('\n');
                out.append("urlconnection ").append(urlConnection(backend + "/price/42", "GET", null)).append('\n');
                out.append("urlconnection-post ").append(urlConnection(backend + "/fail", "POST", "x=1")).append('\n');
                try {
                    client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/down/1")).build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (IOException refused) {
                    out.append("refused ").append(refused.getClass().getName()).append('\n');
                }
                String query = exchange.getRequestURI().getQuery();
                if (query != null && query.startsWith("linger=")) {
                    Thread.sleep(Long.parseLong(query.substring("linger=".length())));
                }
            } catch (Exception e) {
                status = 500;
                out.append(e);
            }
            byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(bytes);
            }
        });
        server.start();
        System.out.println("FRONTEND LISTENING " + server.getAddress().getPort());
    }

    /** The response code and body (or error body) of one HttpURLConnection call. */
    static String urlConnection(String url, String method, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(method);
        if (body != null) {
            c.setDoOutput(true);
            try (OutputStream o = c.getOutputStream()) {
                o.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int code = c.getResponseCode();
        try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
            return code + " " + (in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }
}

package dev.hotpath.examples.e2e.apps;

import com.sun.net.httpserver.HttpServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.example.clients.AwaitingCallback;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@link BackendApp} (port in args[0]) from its request handler with the client libraries:
 * Apache HttpClient 5 classic ({@code execute} with a response handler, GET; {@code execute(HttpHost,
 * request)}, a POST that gets a 503), OkHttp ({@code execute} GET, {@code enqueue} POST answered on
 * the dispatcher's thread, and a call to a closed port). Answers with what the backend saw, one line
 * per call. Before serving it calls the backend with both libraries outside any request.
 * {@code ?linger=ms} keeps the request open after the calls.
 */
public final class LibraryClientsFrontendApp {
    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

    private LibraryClientsFrontendApp() {
    }

    public static void main(String[] args) throws Exception {
        String backend = "http://127.0.0.1:" + args[0];
        CloseableHttpClient apache = HttpClients.createDefault();
        OkHttpClient okhttp = new OkHttpClient.Builder().connectTimeout(5, TimeUnit.SECONDS).build();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // outside a request: the agent must neither record nor inject
        apache.execute(new HttpGet(backend + "/startup/1"), response -> EntityUtils.toString(response.getEntity()));
        try (Response r = okhttp.newCall(new Request.Builder().url(backend + "/startup/2").build()).execute()) {
            r.body().string();
        }

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/checkout/", exchange -> {
            StringBuilder out = new StringBuilder();
            int status = 200;
            try {
                String stock = apache.execute(new HttpGet(backend + "/stock/42?fields=all"),
                        response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
                out.append("apache ").append(stock).append('\n');
                HttpPost fail = new HttpPost("/fail");
                fail.setEntity(new StringEntity("x=1", ContentType.APPLICATION_FORM_URLENCODED));
                try (CloseableHttpResponse response = apache.execute(HttpHost.create(backend), fail)) {
                    out.append("apache-post ").append(response.getCode()).append(' ')
                            .append(EntityUtils.toString(response.getEntity())).append('\n');
                }
                try (Response price = okhttp.newCall(new Request.Builder().url(backend + "/price/42").build()).execute()) {
                    out.append("okhttp ").append(price.code()).append(' ').append(price.body().string()).append('\n');
                }
                AwaitingCallback callback = new AwaitingCallback();
                okhttp.newCall(new Request.Builder().url(backend + "/reserve/42").post(RequestBody.create("qty=1", FORM)).build())
                        .enqueue(callback);
                out.append("okhttp-enqueue ").append(callback.result.get(10, TimeUnit.SECONDS)).append('\n');
                try {
                    okhttp.newCall(new Request.Builder().url("http://127.0.0.1:" + closedPort + "/down/1").build()).execute().close();
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
}

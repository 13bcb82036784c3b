package dev.hotpath.examples.e2e;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code okhttp3} library of another shape, compiled at test time: its {@code OkHttpClient} has no
 * {@code newCall(Request)} (the method the agent advises) but {@code newCall(Request, boolean)}; the
 * rest ({@code Call.execute()}, {@code Response.code()/body()}) looks like OkHttp's. With it, an app
 * ({@link #APP}) that prints {@code FAKE RESULT <code> <body>}.
 */
final class MethodRemovedOkHttp {
    static final String APP = "drift.FakeOkHttpApp";

    private static final Map<String, String> SOURCES = new LinkedHashMap<>();

    static {
        SOURCES.put("okhttp3/Request.java", """
                package okhttp3;
                public final class Request {
                    private final String url;
                    public Request(String url) { this.url = url; }
                    public String url() { return url; }
                }
                """);
        SOURCES.put("okhttp3/ResponseBody.java", """
                package okhttp3;
                public final class ResponseBody {
                    private final String text;
                    ResponseBody(String text) { this.text = text; }
                    public long contentLength() { return text.length(); }
                    public String string() { return text; }
                }
                """);
        SOURCES.put("okhttp3/Response.java", """
                package okhttp3;
                public final class Response implements java.io.Closeable {
                    private final int code;
                    private final ResponseBody body;
                    Response(int code, String text) { this.code = code; this.body = new ResponseBody(text); }
                    public int code() { return code; }
                    public ResponseBody body() { return body; }
                    @Override public void close() { }
                }
                """);
        SOURCES.put("okhttp3/Call.java", """
                package okhttp3;
                public interface Call {
                    Response execute() throws java.io.IOException;
                }
                """);
        SOURCES.put("okhttp3/OkHttpClient.java", """
                package okhttp3;
                public class OkHttpClient {
                    public Call newCall(Request request, boolean forWebSocket) {
                        return new RealCall(request, forWebSocket);
                    }
                }
                """);
        // a named Call implementation: the agent's execute() advice still applies to it
        SOURCES.put("okhttp3/RealCall.java", """
                package okhttp3;
                final class RealCall implements Call {
                    private final Request request;
                    private final boolean forWebSocket;
                    RealCall(Request request, boolean forWebSocket) { this.request = request; this.forWebSocket = forWebSocket; }
                    @Override public Response execute() {
                        return new Response(200, "served " + request.url() + (forWebSocket ? " ws" : ""));
                    }
                }
                """);
        SOURCES.put("drift/FakeOkHttpApp.java", """
                package drift;
                import okhttp3.OkHttpClient;
                import okhttp3.Request;
                import okhttp3.Response;
                public final class FakeOkHttpApp {
                    public static void main(String[] args) throws Exception {
                        try (Response r = new OkHttpClient().newCall(new Request("http://127.0.0.1/x"), false).execute()) {
                            System.out.println("FAKE RESULT " + r.code() + " " + r.body().string());
                        }
                    }
                }
                """);
    }

    private MethodRemovedOkHttp() {
    }

    /** Compiles the library and the app into {@code dir}/classes; returns that class path. */
    static Path compile(Path dir) throws IOException {
        Path src = dir.resolve("src");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
        for (Map.Entry<String, String> source : SOURCES.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, args.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException("javac failed: " + errors.toString(StandardCharsets.UTF_8));
        }
        return classes;
    }
}

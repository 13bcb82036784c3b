package org.example.clients;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * An application's OkHttp callback for the forked-JVM propagation test: completes with
 * {@code "<status> <body>"} or the failure. It lives outside {@code dev.hotpath.}, whose classes the
 * agent never instruments, as any application's callback does.
 */
public final class AwaitingCallback implements Callback {
    public final CompletableFuture<String> result = new CompletableFuture<>();

    @Override
    public void onResponse(Call call, Response response) {
        try (response) {
            result.complete(response.code() + " " + response.body().string());
        } catch (IOException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public void onFailure(Call call, IOException e) {
        result.completeExceptionally(e);
    }
}

package dev.hotpath.examples.shop.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /allocations/report}: the allocation/GC-heavy endpoint. Builds a throw-away report out of
 * about 24 MB of short-lived buffers per request, so young collections (and their pauses) follow the
 * request rate. Not in the demo's default load.
 */
public final class AllocationServlet extends HttpServlet {
    private static final int CHUNKS = 96;
    private static final int CHUNK_BYTES = 256 * 1024;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/report".equals(request.getPathInfo())) {
            Responses.error(response, 404, "not found");
            return;
        }
        List<byte[]> buffers = new ArrayList<>();
        long checksum = 0;
        for (int i = 0; i < CHUNKS; i++) {
            byte[] b = new byte[CHUNK_BYTES];
            b[i % CHUNK_BYTES] = (byte) i;
            buffers.add(b);
            checksum += b[i % CHUNK_BYTES];
            if (buffers.size() > 8) {
                buffers.remove(0); // a sliding window: garbage right away, a little live data
            }
        }
        Responses.json(response, 200, "{\"chunks\":" + CHUNKS + ",\"checksum\":" + checksum + "}");
    }
}

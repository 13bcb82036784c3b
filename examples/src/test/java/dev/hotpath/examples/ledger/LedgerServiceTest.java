package dev.hotpath.examples.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The benchmark's DB-heavy service answers its one endpoint from the seeded data, and rejects bad input. */
class LedgerServiceTest {

    @Test
    void statementHasTheAccountAndItsLinkedAccount() throws Exception {
        try (LedgerService service = LedgerService.start(new LedgerService.Options(0, 50, 2, 8))) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + service.port();
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(base + "/accounts/7/statement")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            // account 7 is linked to 8; account 7 has entries 7, 57, 107, ... (20 of them)
            assertTrue(ok.body().startsWith("{\"account\":{\"id\":7,\"name\":\"Account 7\",\"currency\":\"CHF\""), ok.body());
            assertTrue(ok.body().contains("\"linked\":{\"id\":8,\"name\":\"Account 8\",\"currency\":\"EUR\""), ok.body());
            assertTrue(ok.body().contains("\"branch\":\"Branch 8\""), ok.body());
            assertEquals(404, client.send(HttpRequest.newBuilder(URI.create(base + "/accounts/51/statement")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(404, client.send(HttpRequest.newBuilder(URI.create(base + "/accounts/x/statement")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    @Test
    void optionsAndPaths() {
        assertEquals(new LedgerService.Options(0, 10, 4, 20),
                LedgerService.Options.parse(new String[] {"--port", "0", "--accounts=10", "--pool", "4", "--threads", "20"}));
        assertNull(LedgerService.Options.parse(new String[] {"--help"}));
        for (String[] bad : new String[][] {{"--port", "70000"}, {"--accounts", "0"}, {"--pool", "x"}, {"--nope", "1"}, {"--port"}}) {
            assertThrows(IllegalArgumentException.class, () -> LedgerService.Options.parse(bad), String.join(" ", bad));
        }
        assertEquals(12, StatementServlet.accountId("/12/statement"));
        assertEquals(-1, StatementServlet.accountId("/12/other"));
        assertEquals(-1, StatementServlet.accountId("//statement"));
        assertEquals(-1, StatementServlet.accountId(null));
    }
}

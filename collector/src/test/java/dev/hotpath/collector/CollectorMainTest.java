package dev.hotpath.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorMainTest {
    @TempDir
    Path dir;

    @Test
    void parsesArguments() {
        CollectorConfig c = CollectorMain.parse(new String[] {"--out", dir.toString(), "--listen", "0.0.0.0:9000", "--token", "t"}, null);
        assertEquals("0.0.0.0", c.listenHost());
        assertEquals(9000, c.listenPort());
        assertEquals("t", c.token());
        CollectorConfig d = CollectorMain.parse(new String[] {"--out", dir.toString()}, "from-env");
        assertEquals("127.0.0.1", d.listenHost());
        assertEquals(4318, d.listenPort());
        assertEquals("from-env", d.token());
        assertNull(CollectorMain.parse(new String[] {"--help"}, null));
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        for (String[] args : new String[][] {{}, {"--out"}, {"--out", "x", "--listen", "nohost"}, {"--out", "x", "--listen", "h:99999"},
                {"--out", "x", "--bogus"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CollectorMain.parse(args, null));
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void refusesToListenWidelyWithoutAToken() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CollectorMain.run(CollectorMain.parse(new String[] {"--out", dir.toString(), "--listen", "0.0.0.0:0"}, null),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String msg = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, msg.strip().lines().count(), msg);
        assertTrue(msg.contains("--token"), msg);
    }
}

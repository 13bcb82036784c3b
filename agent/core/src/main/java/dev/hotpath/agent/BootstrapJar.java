package dev.hotpath.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * The hooks that advice calls must be visible from every class loader, so they live in a small jar
 * nested in the agent jar, written to a temp file and appended to the boot class path.
 */
final class BootstrapJar {
    static final String RESOURCE = "dev/hotpath/agent/hotpath-bootstrap.jar.bin";

    private BootstrapJar() {
    }

    static void appendTo(Instrumentation inst) throws IOException {
        Path file = Files.createTempFile("hotpath-bootstrap-", ".jar");
        file.toFile().deleteOnExit();
        try (InputStream in = BootstrapJar.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("agent jar is missing " + RESOURCE + " (was it built with mvn package?)");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(file.toFile()));
    }
}

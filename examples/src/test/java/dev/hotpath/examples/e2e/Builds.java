package dev.hotpath.examples.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the jars the reactor built, relative to the examples module. */
public final class Builds {
    private Builds() {
    }

    public static Path agentJar() {
        return existing(Path.of("..", "agent", "target", "hotpath-agent.jar"));
    }

    public static Path examplesJar() {
        return existing(Path.of("target", "hotpath-examples.jar"));
    }

    private static Path existing(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new IllegalStateException(abs + " is missing: run mvn verify from the repository root");
        }
        return abs;
    }
}

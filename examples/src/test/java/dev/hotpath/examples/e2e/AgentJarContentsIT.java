package dev.hotpath.examples.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shaded agent jar must not leak a single class outside our namespace into the app's class path. */
class AgentJarContentsIT {

    @Test
    void everyClassIsUnderDevHotpath() throws IOException {
        List<String> outside = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(Builds.agentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class")) {
                    classes++;
                    if (!name.startsWith("dev/hotpath/")) {
                        outside.add(name);
                    }
                }
            }
            assertNotNull(jar.getEntry("dev/hotpath/agent/hotpath-bootstrap.jar.bin"), "nested bootstrap jar");
            Manifest mf = jar.getManifest();
            assertEquals("dev.hotpath.agent.HotpathAgent", mf.getMainAttributes().getValue("Premain-Class"));
            assertEquals("dev.hotpath.agent.HotpathAgent", mf.getMainAttributes().getValue("Agent-Class"));
            assertEquals("true", mf.getMainAttributes().getValue("Can-Retransform-Classes"));
        }
        assertTrue(classes > 100, "shaded dependencies are inside");
        assertTrue(outside.isEmpty(), "classes outside dev/hotpath/: " + outside.subList(0, Math.min(20, outside.size())));
    }
}

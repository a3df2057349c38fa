package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the build does to the jar's classes, which the agent relies on at run time without checking. */
class AgentJarIT {

    private static final String DONT_INLINE = "Ljdk/internal/vm/annotation/DontInline;";

    @Test
    void theBridgesColdPathsCarryDontInlineInTheJar() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            assertTrue(text(jar, "io/memdiag/bootstrap/Allocations.class").contains(DONT_INLINE), "Allocations' sampling path");
            assertTrue(text(jar, "io/memdiag/bootstrap/Bridge.class").contains(DONT_INLINE), "Bridge's thread-start path");
            assertFalse(text(jar, "io/memdiag/bootstrap/ReentrancyGuard.class").contains(DONT_INLINE), "a class without @ColdPath");
        }
    }

    /** The class file's bytes as Latin-1: the annotation's descriptor is a plain ASCII constant in it. */
    private static String text(JarFile jar, String entry) throws IOException {
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

package io.memdiag.core.collect;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Recorded and constructed /proc and /sys trees under src/test/resources/fixtures. */
final class Fixtures {
    private Fixtures() {
    }

    static Path root(String name) {
        try {
            return Paths.get(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

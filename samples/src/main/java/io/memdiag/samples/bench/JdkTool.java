package io.memdiag.samples.bench;

import java.nio.file.Path;

/**
 * A tool of the JDK the harness itself runs on. Children and jcmd always come from there, so
 * which JDK a measurement is about is decided by one thing: the {@code java} that started it.
 */
final class JdkTool {

    private JdkTool() {
    }

    /** {@code java.home/bin/<name>}, for example {@code java} or {@code jcmd}. */
    static String path(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}

package io.memdiag.samples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A benchmark's temporary folder (reports, generated inputs, child output), removed with all it
 * holds when the benchmark's JVM exits, however it exits. Runs are repeated many times; without
 * this each left its folder in /tmp (the third-party harness several MB per run).
 */
final class Scratch {

    private Scratch() {
    }

    static Path directory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "scratch-cleanup"));
        return dir;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }
}

package io.memdiag.samples.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens and closes one file in a loop and prints the mean time per open+close pair, after a
 * warm-up. Run by {@link OpenCloseCost} with and without the agent.
 *
 * <p>args: [pairs to measure, default 200000]
 */
public final class OpenCloseLoop {

    private OpenCloseLoop() {
    }

    public static void main(String[] args) throws IOException {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path file = Files.createTempFile("memdiag-open-close", ".txt");
        Files.writeString(file, "x");
        long sink = loop(file, pairs / 2); // warm-up: JIT, agent instrumentation settled
        long start = System.nanoTime();
        sink += loop(file, pairs);
        long elapsed = System.nanoTime() - start;
        Files.delete(file);
        System.out.println("ns-per-pair " + elapsed / pairs + " " + (sink == 42 ? "" : ""));
    }

    private static long loop(Path file, int pairs) throws IOException {
        long sum = 0;
        for (int i = 0; i < pairs; i++) {
            try (FileInputStream in = new FileInputStream(file.toFile())) {
                sum += in.available();
            }
        }
        return sum;
    }
}

package io.memdiag.samples;

import java.util.ArrayList;
import java.util.List;

/** Ordinary short-lived garbage, so the samples see young collections as a real service does. */
final class Workload {

    private Workload() {
    }

    /**
     * Allocates about {@code bytes} of short-lived objects and returns a checksum so the JIT
     * cannot remove the work.
     */
    static long churn(long bytes) {
        long sum = 0;
        List<Object> batch = new ArrayList<>();
        long made = 0;
        while (made < bytes) {
            byte[] chunk = new byte[1024 + (int) (made % 3072)];
            chunk[chunk.length / 2] = (byte) made;
            batch.add(chunk);
            made += chunk.length + 16;
            if (batch.size() == 64) {
                sum += batch.size() + ((byte[]) batch.get(7))[0];
                batch = new ArrayList<>();
            }
        }
        return sum + batch.size();
    }
}

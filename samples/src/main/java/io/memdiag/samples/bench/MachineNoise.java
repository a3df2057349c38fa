package io.memdiag.samples.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * How far apart identical runs are on this machine when neither an agent, the JIT, the GC nor
 * the program's own variety is involved: child JVMs, one after another, each time a fixed integer
 * loop (no allocation, no memory traffic, compiled before it is timed) on one or more threads, and
 * this prints each process's median and the spread between processes. That spread comes from the
 * machine alone (the hypervisor, the other tenants, the CPU's clock), so no whole-process
 * comparison here can resolve a difference smaller than it; see performance.md.
 *
 * <p>usage: java -cp samples/target/memdiag-samples.jar io.memdiag.samples.bench.MachineNoise
 * [processes, default 20] [threads per process, default 1]
 */
public final class MachineNoise {

    /** Timed units per process, after {@link #WARM_UP} untimed ones (the loop is C2-compiled by then). */
    static final int UNITS = 10;
    static final int WARM_UP = 3;
    /** About 0.3 s per unit on the reference machine (2-core AMD EPYC VM). */
    static final int STEPS_PER_UNIT = 150_000_000;

    private MachineNoise() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Integer.parseInt(args[1]));
            return;
        }
        int processes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String java = JdkTool.path("java");
        List<Double> medians = new ArrayList<>();
        List<Double> withinSpreads = new ArrayList<>();
        for (int p = 1; p <= processes; p++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MachineNoise.class.getName(),
                    "child", String.valueOf(threads)).redirectErrorStream(true).start();
            List<Double> units = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("unit-ms ")) {
                        units.add(Double.parseDouble(line.substring("unit-ms ".length())));
                    }
                }
            }
            if (child.waitFor() != 0 || units.size() != UNITS) {
                throw new IllegalStateException("child " + p + " failed (exit " + child.exitValue() + ", " + units.size() + " units)");
            }
            double median = Medians.ofDoubles(units);
            double within = Collections.max(units) / Collections.min(units) - 1;
            medians.add(median);
            withinSpreads.add(within);
            System.err.printf("process %d: median %.1f ms per unit, within the process %.1f %%%n", p, median, within * 100);
        }
        double overall = Medians.ofDoubles(medians);
        List<Double> deviations = new ArrayList<>();
        for (double m : medians) {
            deviations.add(Math.abs(m / overall - 1));
        }
        System.out.printf("java %s, %d CPUs, %d processes, %d thread(s) each, %d units of %,d steps per process%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), processes, threads, UNITS,
                STEPS_PER_UNIT);
        System.out.printf("per-process medians: min %.1f, median %.1f, max %.1f ms per unit; slowest / fastest %.3f%n",
                Collections.min(medians), overall, Collections.max(medians), Collections.max(medians) / Collections.min(medians));
        System.out.printf("a process's median off the overall median: typically %.1f %%, at most %.1f %%%n",
                Medians.ofDoubles(deviations) * 100, Collections.max(deviations) * 100);
        System.out.printf("within a process, slowest / fastest unit: typically %.1f %%%n", Medians.ofDoubles(withinSpreads) * 100);
    }

    private static void child(int threads) throws InterruptedException {
        long[] results = new long[threads];
        for (int u = 0; u < WARM_UP + UNITS; u++) {
            CountDownLatch done = new CountDownLatch(threads);
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int slot = t;
                Thread worker = new Thread(() -> {
                    results[slot] = unit(slot + 1);
                    done.countDown();
                });
                worker.start();
            }
            done.await();
            double ms = (System.nanoTime() - start) / 1e6;
            if (u >= WARM_UP) {
                System.out.printf(Locale.ROOT, "unit-ms %.2f%n", ms); // parsed back with a point
            }
        }
        long checksum = 0;
        for (long r : results) {
            checksum ^= r;
        }
        System.out.println("checksum " + checksum); // keeps the loop's result alive
    }

    /** A xorshift generator stepped a fixed number of times: integer work only, every step depending on the last. */
    static long unit(long seed) {
        long x = seed;
        for (int i = 0; i < STEPS_PER_UNIT; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}

package io.memdiag.samples;

/**
 * Allocation-heavy and leak-free: five allocation sites in five methods, each allocating a known
 * share of the bytes, all short-lived. The workload of the allocation-profiling accuracy test
 * (memdiag's top sites against JFR's jdk.ObjectAllocationSample) and of the overhead benchmark.
 *
 * <p>Each step calls one of the five, picked at random (a fixed order could alias with a
 * sampler that fires on a period). Bytes per step, with compressed oops: bytes() 4016,
 * longs() 2416, points() 40 x 24, ints() 616, chars() 216: shares of about 49 %, 29 %, 12 %,
 * 7.5 % and 2.6 %.
 *
 * <p>args: [seconds to run, default 10] [threads, default 1]
 */
public final class AllocHeavy {

    /** Where new objects go for a moment, so the JIT cannot prove them unused and drop them. */
    private static final int KEEP = 4096;

    private AllocHeavy() {
    }

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Thread[] workers = new Thread[threads];
        long[] rounds = new long[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers[t] = new Thread(() -> rounds[index] = run(end), "alloc-heavy-" + t);
            workers[t].start();
        }
        long total = 0;
        for (int t = 0; t < threads; t++) {
            workers[t].join();
            total += rounds[t];
        }
        System.out.println("AllocHeavy: " + total + " rounds");
        io.memdiag.samples.bench.SelfStats.print();
    }

    /** Rounds of allocation until {@code end}; the count is the throughput. */
    static long run(long end) {
        Object[] keep = new Object[KEEP];
        int k = 0;
        long rounds = 0;
        long x = System.nanoTime() | 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 320; i++) { // five steps a round

                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                switch ((int) ((x >>> 33) % 5)) {
                    case 0: k = bytes(keep, k); break;
                    case 1: k = longs(keep, k); break;
                    case 2: k = points(keep, k); break;
                    case 3: k = ints(keep, k); break;
                    default: k = chars(keep, k); break;
                }
            }
            rounds += 64;
        }
        return rounds;
    }

    static int bytes(Object[] keep, int k) {
        keep[k++ & (KEEP - 1)] = new byte[4000];
        return k;
    }

    static int longs(Object[] keep, int k) {
        keep[k++ & (KEEP - 1)] = new long[300];
        return k;
    }

    static int points(Object[] keep, int k) {
        for (int i = 0; i < 40; i++) {
            keep[k++ & (KEEP - 1)] = new Point(i, k, i + k);
        }
        return k;
    }

    static int ints(Object[] keep, int k) {
        keep[k++ & (KEEP - 1)] = new int[150];
        return k;
    }

    static int chars(Object[] keep, int k) {
        keep[k++ & (KEEP - 1)] = new char[100];
        return k;
    }

    /** A small plain object: header and three ints. */
    static final class Point {
        final int x;
        final int y;
        final int z;

        Point(int x, int y, int z) {
            this.x = x;
            this.y = y;
            this.z = z;
        }
    }
}

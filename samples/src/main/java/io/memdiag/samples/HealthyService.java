package io.memdiag.samples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A busy, healthy service: a bounded LRU cache, loaded to its cap at start-up as services load
 * theirs, then turned over by requests; each "request" churns garbage, and a short-lived worker
 * thread handles every tenth request. Live heap stays flat: memdiag must report no leak.
 *
 * <p>Why loaded at start: filled by requests alone, the cache took 5 to 8 s to reach its cap,
 * depending on the machine's load, and a short test's window could end before the plateau:
 * a cache still filling up cannot be told from a leak by any detector that sees only those
 * seconds.
 *
 * <p>args: [seconds to run, default 20]
 */
public final class HealthyService {

    private static final int CACHE_ENTRIES = 2000;

    /** Bounded: the eldest entry goes when the cap is reached. */
    private static final Map<Integer, byte[]> CACHE = new LinkedHashMap<>(CACHE_ENTRIES, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    private HealthyService() {
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 20;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Random random = new Random(42);
        for (int key = 0; key < CACHE_ENTRIES; key++) {
            CACHE.put(key, new byte[8 * 1024]);
        }
        long requests = 0;
        long sum = 0;
        while (System.nanoTime() < end) {
            int key = random.nextInt(20_000);
            CACHE.computeIfAbsent(key, k -> new byte[8 * 1024]);
            sum += Workload.churn(256 * 1024);
            if (++requests % 10 == 0) {
                Thread worker = new Thread(() -> Workload.churn(64 * 1024), "request-worker");
                worker.start();
                worker.join();
            }
            Thread.sleep(2);
        }
        System.out.println("HealthyService: " + requests + " requests, cache " + CACHE.size() + ", checksum " + sum);
    }
}

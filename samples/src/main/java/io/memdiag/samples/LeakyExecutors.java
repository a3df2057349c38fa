package io.memdiag.samples;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Request handling three ways, a "request" every 50 ms:
 * {@code leak} creates an executor per request and never shuts it down (its worker parks
 * forever: the JVM's goroutine leak); {@code pool} uses one fixed pool of 8, which warms up and
 * stays; {@code shortlived} starts a thread per request that ends with it. Only {@code leak}
 * is a THREAD_LEAK, named at {@link #handleWithOwnExecutor}.
 *
 * <p>args: [leak|pool|shortlived] [seconds, default 8]
 */
public final class LeakyExecutors {

    private LeakyExecutors() {
    }

    public static void main(String[] args) throws Exception {
        String style = args.length > 0 ? args[0] : "leak";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 8;
        ExecutorService shared = Executors.newFixedThreadPool(8);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long sum = 0;
        int requests = 0;
        while (System.nanoTime() < end) {
            switch (style) {
                case "leak":
                    sum += handleWithOwnExecutor();
                    break;
                case "pool":
                    sum += handleWithSharedPool(shared);
                    break;
                default:
                    sum += handleWithShortLivedThread();
            }
            requests++;
            Thread.sleep(50);
        }
        shared.shutdown();
        System.out.println("LeakyExecutors: " + style + " " + requests + " requests, checksum " + sum);
        System.exit(0); // the leaked executors' threads are not daemons: they would keep the JVM alive
    }

    static long handleWithOwnExecutor() throws Exception {
        // newFixedThreadPool, not newSingleThreadExecutor: the latter shuts itself down once it is
        // unreachable (a cleaner since JDK 21, finalize before), which hides the leak
        ExecutorService perRequest = Executors.newFixedThreadPool(1);
        Future<Long> result = perRequest.submit(() -> Workload.churn(64 * 1024));
        return result.get(); // ... and never perRequest.shutdown()
    }

    static long handleWithSharedPool(ExecutorService shared) throws Exception {
        return shared.submit(() -> Workload.churn(64 * 1024)).get();
    }

    static long handleWithShortLivedThread() throws InterruptedException {
        long[] out = new long[1];
        Thread worker = new Thread(() -> out[0] = Workload.churn(64 * 1024), "request");
        worker.start();
        worker.join();
        return out[0];
    }
}

package io.memdiag.samples;

import java.util.ArrayList;
import java.util.List;

/**
 * A burst of several hundred MB, held for a few seconds and released, followed by light work:
 * the "RSS stays high after a spike" case. Run with -Xms equal to -Xmx and memdiag reports
 * RETAINED (the heap stays committed, live data fell back); in no configuration is it a leak.
 *
 * <p>args: [MB in the burst, default 300] [seconds held, default 3] [seconds of light work after, default 12]
 */
public final class BurstThenIdle {

    private BurstThenIdle() {
    }

    public static void main(String[] args) throws InterruptedException {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        long holdSeconds = args.length > 1 ? Long.parseLong(args[1]) : 3;
        long idleSeconds = args.length > 2 ? Long.parseLong(args[2]) : 12;
        Thread.sleep(1000); // a calm baseline before the burst
        List<byte[]> burst = new ArrayList<>();
        for (int i = 0; i < mb / 4; i++) {
            byte[] chunk = new byte[4 * 1024 * 1024];
            for (int p = 0; p < chunk.length; p += 4096) {
                chunk[p] = 1; // touch every page so the burst is resident, as real data would be
            }
            burst.add(chunk);
        }
        System.out.println("BurstThenIdle: holding " + burst.size() * 4 + " MB");
        Thread.sleep(holdSeconds * 1000);
        burst.clear();
        burst = null;
        long end = System.nanoTime() + idleSeconds * 1_000_000_000L;
        long sum = 0;
        while (System.nanoTime() < end) {
            sum += Workload.churn(4L * 1024 * 1024);
            Thread.sleep(50);
        }
        System.out.println("BurstThenIdle: released; light work checksum " + sum);
    }
}

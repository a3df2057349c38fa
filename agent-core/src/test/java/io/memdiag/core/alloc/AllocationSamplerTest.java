package io.memdiag.core.alloc;

import io.memdiag.core.ring.EventType;
import io.memdiag.core.ring.RingBuffer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllocationSamplerTest {

    /**
     * Drives the sampler as the bootstrap hooks do (a countdown per stripe, decremented by each
     * allocation's size, a sample when it crosses zero) over a stream of known sizes, and checks
     * the weighted samples estimate each site's true bytes and counts. Sizes are drawn around
     * and far below and above the rate, where a naive "count x rate" estimate would be biased.
     */
    @Test
    void weightedSamplesEstimateTrueBytesPerSite() {
        RingBuffer ring = new RingBuffer(1 << 16);
        AllocationSites sites = new AllocationSites(16);
        AllocationSites.Visit visit = sites.visit("A", "A.java");
        int small = visit.next("small", 1, "byte[]");
        int medium = visit.next("medium", 2, "byte[]");
        int huge = visit.next("huge", 3, "byte[]");
        long rate = 16 * 1024;
        AllocationSampler sampler = new AllocationSampler(rate, 1_000_000, 1, ring, sites, 1024, 64, 4);
        long[] sizes = new long[16];
        sizes[small] = 24;
        sizes[medium] = 48 * 1024;
        sizes[huge] = 4 * 1024 * 1024;
        long[] truth = new long[16];
        long[] trueCount = new long[16];
        Random random = new Random(42);
        long countdown = sampler.firstInterval(0);
        for (int i = 0; i < 20_000_000; i++) {
            int r = random.nextInt(1_000_000);
            int site = r < 999_495 ? small : r < 999_995 ? medium : huge;
            truth[site] += sizes[site];
            trueCount[site]++;
            countdown -= sizes[site];
            if (countdown < 0) {
                countdown = sampler.sampled(new Object(), sizes[site], site, 0);
            }
        }
        Map<Integer, long[]> estimated = new HashMap<>();
        ring.drain((type, a, b, c) -> {
            assertEquals(EventType.ALLOC_SAMPLE, type);
            long[] e = estimated.computeIfAbsent((int) a, k -> new long[2]);
            e[0] += c;
            e[1] += c / b;
        }, Integer.MAX_VALUE);
        for (int site : new int[] {small, medium, huge}) {
            double error = Math.abs(estimated.get(site)[0] - truth[site]) / (double) truth[site];
            assertTrue(error < 0.05, "site " + site + ": estimated " + estimated.get(site)[0] + " true " + truth[site]);
            double countError = Math.abs(estimated.get(site)[1] - trueCount[site]) / (double) trueCount[site];
            assertTrue(countError < 0.06, "site " + site + ": objects " + estimated.get(site)[1] + " true " + trueCount[site]);
        }
        assertEquals(0, sampler.throttled());
    }

    @Test
    void aSampleLargerThanTheRateStandsForItselfAndASmallOneForTheRate() {
        assertEquals(64L << 20, AllocationSampler.weight(64L << 20, 512 * 1024));
        long w = AllocationSampler.weight(16, 512 * 1024);
        assertTrue(Math.abs(w - 512 * 1024) < 16, "a 16-byte sample stands for about one rate: " + w);
    }

    /**
     * Over the ceiling, the mean interval rises so the next second takes about the ceiling's
     * worth of samples; samples beyond four times the ceiling still count their bytes.
     */
    @Test
    void throttleRaisesTheEffectiveRateAndKeepsTotals() throws InterruptedException {
        RingBuffer ring = new RingBuffer(1 << 16);
        AllocationSites sites = new AllocationSites(4);
        int site = sites.visit("A", null).next("m", -1, "byte[]");
        AllocationSampler sampler = new AllocationSampler(1024, 100, 1, ring, sites, 1024, 64, 4);
        sampler.firstInterval(0);
        for (int i = 0; i < 1000; i++) {
            sampler.sampled(new byte[16], 16, site, 0);
        }
        assertEquals(600, sampler.throttled(), "beyond 4 x 100 in the first second");
        Thread.sleep(1050);
        sampler.sampled(new byte[16], 16, site, 0); // a new second: the mean adapts to ~1000/s over 100/s
        assertTrue(sampler.effectiveRate() >= 8 * 1024, "raised about tenfold: " + sampler.effectiveRate());
        long[] published = {0};
        ring.drain((type, a, b, c) -> published[0]++, Integer.MAX_VALUE);
        assertEquals(1001, published[0], "throttled samples still publish their bytes");
    }
}

package io.memdiag.core.alloc;

import io.memdiag.core.ring.EventType;
import io.memdiag.core.ring.RingBuffer;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Takes allocation samples on the application thread whose byte countdown ran out.
 *
 * <p>Unbiased sampling, as Go's MemProfileRate: intervals between samples are drawn from an
 * exponential distribution with mean {@code rate} bytes, so every allocated byte has the same
 * chance of being sampled and an allocation of {@code s} bytes is sampled with probability
 * {@code 1 - exp(-s/rate)}. Its weight, the bytes it stands for, is {@code s} divided by that
 * probability: large allocations are nearly always sampled and stand for themselves.
 *
 * <p>Throttle: when more than {@code maxPerSecond} samples were taken in the last second, the
 * mean interval is raised by the excess for the next intervals (and falls back to
 * {@code rate} when allocation calms). Each stripe remembers the mean its current interval was
 * drawn with, so a sample is always weighted by the rate that produced it. Beyond four times
 * the ceiling within one second a sample still counts toward its site's allocated bytes (its
 * weight goes through the ring, so the totals stay unbiased) but keeps no stack and is not
 * followed for liveness: the costly parts are skipped, and counted as throttled.
 */
public final class AllocationSampler {

    private final long rate;
    private final int maxPerSecond;
    private final RingBuffer ring;
    private final LiveSamples live;
    private final StackTable stacks;
    private final AllocationSites sites;
    /** Mean bytes between samples now (raised by the throttle). */
    private volatile double mean;
    /** Per stripe, the mean its current interval was drawn with (as double bits). */
    private final AtomicLongArray stripeMean;
    private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong notFollowed = new AtomicLong();
    private final AtomicLong staleHooks = new AtomicLong();
    /** Objects this large are not held even weakly; see {@link #followLivenessBelow}. */
    private volatile long followBelow = Long.MAX_VALUE;

    public AllocationSampler(long rate, int maxPerSecond, int stripes, RingBuffer ring, AllocationSites sites,
                             int liveCapacity, int stackCapacity, int stackDepth) {
        this.rate = rate;
        this.maxPerSecond = maxPerSecond;
        this.ring = ring;
        this.sites = sites;
        this.live = new LiveSamples(liveCapacity);
        this.stacks = new StackTable(stackCapacity, stackDepth);
        this.mean = rate;
        this.stripeMean = new AtomicLongArray(stripes);
    }

    /** The first interval of a stripe. */
    public long firstInterval(int stripe) {
        return draw(stripe);
    }

    /**
     * Records a sampled allocation and returns the bytes to the next sample on its stripe.
     * Application thread; allocates (a reference, perhaps a stack) but never blocks.
     */
    public long sampled(Object object, long bytes, int site, int stripe) {
        if (!sites.names(site)) {
            staleHooks.incrementAndGet(); // an earlier attach's hook: its site is not in this table
            return draw(stripe);
        }
        double drawnWith = Double.longBitsToDouble(stripeMean.get(stripe));
        if (drawnWith <= 0) {
            drawnWith = mean;
        }
        long weight = weight(bytes, drawnWith);
        if (!admit()) {
            throttled.incrementAndGet();
            ring.publish(EventType.ALLOC_SAMPLE, site, bytes, weight);
            return draw(stripe);
        }
        StackTraceSample stack = stacks.capture(site);
        if (stack != null) {
            stack.bytes.addAndGet(weight);
            stack.samples.incrementAndGet();
        }
        if (bytes < followBelow) {
            live.add(new SampledObject(object, site, bytes, weight, sequence.incrementAndGet(), stack));
        } else {
            notFollowed.incrementAndGet();
        }
        ring.publish(EventType.ALLOC_SAMPLE, site, bytes, weight);
        taken.incrementAndGet();
        return draw(stripe);
    }

    /** The bytes one sample of {@code bytes} stands for when intervals have mean {@code mean}. */
    static long weight(long bytes, double mean) {
        double p = -Math.expm1(-bytes / mean);
        return p <= 0 ? bytes : Math.round(bytes / p);
    }

    private long draw(int stripe) {
        double m = mean;
        stripeMean.set(stripe, Double.doubleToRawLongBits(m));
        double u = ThreadLocalRandom.current().nextDouble();
        double interval = -m * Math.log(1 - u);
        return (long) Math.min(Math.max(1, interval), 1L << 50);
    }

    /** Counts the sample against this second's ceiling; adapts the mean when a second ends. */
    private boolean admit() {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (now - start >= 1_000_000_000L && windowStart.compareAndSet(start, now)) {
            long count = inWindow.getAndSet(0);
            double seconds = (now - start) / 1e9;
            double perSecond = count / seconds;
            double m = mean;
            if (perSecond > maxPerSecond) {
                m = m * perSecond / maxPerSecond;
            } else if (perSecond < maxPerSecond / 4.0 && m > rate) {
                m = Math.max(rate, m / 2);
            }
            mean = Math.min(m, (double) (1L << 40));
        }
        return inWindow.incrementAndGet() <= 4L * maxPerSecond;
    }

    /**
     * Samples of at least {@code bytes} are counted but never referenced, not even weakly. G1
     * frees a humongous object (half a region or more) at a young collection only when nothing
     * refers to it; a weak reference from the sampler would keep it until the next marking
     * cycle, and a burst of large buffers would stay in the heap for the agent's sake.
     */
    public void followLivenessBelow(long bytes) {
        this.followBelow = bytes;
    }

    public long notFollowed() {
        return notFollowed.get();
    }

    public long rate() {
        return rate;
    }

    /** The mean interval now: above {@link #rate()} while the throttle holds it up. */
    public long effectiveRate() {
        return Math.round(mean);
    }

    public int maxPerSecond() {
        return maxPerSecond;
    }

    public long taken() {
        return taken.get();
    }

    /** The sequence number of the newest sample: samples up to it were taken before now. */
    long lastSequence() {
        return sequence.get();
    }

    public long throttled() {
        return throttled.get();
    }

    LiveSamples live() {
        return live;
    }

    StackTable stacks() {
        return stacks;
    }

    /** Samples dropped because they came from hooks an earlier attach left (see AllocationSites#names). */
    public long staleHooks() {
        return staleHooks.get();
    }

    AllocationSites sites() {
        return sites;
    }

    /** Forgets every sample (stop). */
    public void clear() {
        live.clear();
        stacks.clear();
    }
}

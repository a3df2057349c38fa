package io.memdiag.core.resources;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many opens (or direct buffer allocations) a second may look up their site, the stack
 * walk that names it.
 *
 * <p>Why a budget: the walk is the dearest part of tracking an open. Compiled it takes about
 * 3 µs, but in a program whose JIT is busy elsewhere it can stay interpreted for the whole run,
 * and then it takes 20-30 µs: a compiler that reads 600 files a second (ECJ on JDK 17, see
 * performance.md) lost 1-4 % of its throughput to it. Every open is still tracked from open to
 * close; only the site lookup is rationed.
 *
 * <p>Below half the budget every open is looked up. Above it, opens are looked up at random,
 * one in {@code stride}, the stride set each second from the last second's rate so that about
 * half the budget is used; the other half absorbs a rate that rises within the second, and the
 * budget itself is a hard cap. Random, not every n-th: a loop that opens two files per round
 * would otherwise always look up the same one of them. First come, first served would favour
 * whoever opens first in each second; sampling names each site in proportion to its opens.
 *
 * <p>Lock-free and allocation-free: two counters and a window start, updated with plain
 * atomics. A window rolled by two threads at once may grant a few extra walks; that is all.
 */
public final class SiteWalkBudget {

    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final AtomicLong windowStart = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger opensInWindow = new AtomicInteger();
    private final AtomicInteger walksInWindow = new AtomicInteger();
    private volatile int stride = 1;

    /** @param perSecond site lookups allowed per second, at least 1 */
    public SiteWalkBudget(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1: " + perSecond);
        }
        this.perSecond = perSecond;
    }

    int perSecond() {
        return perSecond;
    }

    /** One open at {@code now} (System.nanoTime): true if it may look up its site. */
    public boolean mayWalk(long now) {
        long start = windowStart.get();
        if (start == Long.MIN_VALUE || now - start >= SECOND) {
            roll(start, now);
        }
        opensInWindow.incrementAndGet();
        int s = stride;
        if (s > 1 && ThreadLocalRandom.current().nextInt(s) != 0) {
            return false;
        }
        return walksInWindow.incrementAndGet() <= perSecond;
    }

    /** A new window: the stride that would have used half the budget at the last window's rate. */
    private void roll(long start, long now) {
        if (!windowStart.compareAndSet(start, now)) {
            return; // another thread rolled it
        }
        long opens = opensInWindow.getAndSet(0);
        walksInWindow.set(0);
        if (start == Long.MIN_VALUE) {
            return;
        }
        double perSecondSeen = opens * (double) SECOND / Math.max(SECOND, now - start);
        stride = stride(perSecondSeen, perSecond);
    }

    static int stride(double opensPerSecond, int perSecond) {
        double target = Math.max(1, perSecond / 2.0);
        return opensPerSecond <= target ? 1 : (int) Math.min(Integer.MAX_VALUE, Math.ceil(opensPerSecond / target));
    }
}

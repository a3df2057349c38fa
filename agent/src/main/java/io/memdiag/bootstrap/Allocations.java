package io.memdiag.bootstrap;

/**
 * Called after every instrumented allocation in application code ({@code new}, arrays,
 * reflective creation). The common path decrements a byte countdown and returns: a thread-id
 * hash picks one of {@link #STRIPES} countdowns, so no ThreadLocal lookup and no allocation;
 * only when the countdown crosses zero does the engine take a sample ({@link AllocationSink}).
 *
 * <p>Why stripes and not one countdown per thread: Thread has no field to spare and retransformed
 * classes cannot gain one; a ThreadLocal costs a hash lookup per allocation. Two threads that
 * share a stripe race on a plain long: a lost decrement only delays one sample a little, and
 * the weights stay honest because each sample is weighted by the interval that was drawn.
 * Stripes sit {@link #PAD} longs apart so threads on different stripes share no cache line.
 *
 * <p>Sizes: arrays from length, element size and header (the JVM's layout, measured at install);
 * plain objects from a per-site size measured on the site's first allocation.
 */
public final class Allocations {

    static final int STRIPES = 64;
    private static final int PAD = 16;
    private static final long[] COUNTDOWN = new long[STRIPES * PAD];

    /** Bits of a site id that index the site; above them, its {@link #generation} (the engine's AllocationSites agrees). */
    private static final int SITE_INDEX_BITS = 16;
    /** Site indexes are below this (the engine's site table has the same cap); a power of two, so a mask bounds the index. */
    public static final int MAX_SITES = 1 << SITE_INDEX_BITS;
    /**
     * The attach the site ids belong to, in their bits above the index (see {@link #nextGeneration}).
     * Written by the agent's start before instrumenting, read on the slow path only.
     */
    private static volatile int generation;
    /**
     * A site's size before it is measured: so large that subtracting it always takes the
     * countdown below zero, which sends the site's first allocation down the slow path to be
     * measured, without a test for "measured yet?" on the common path.
     */
    static final long UNMEASURED = 1L << 62;
    /** Per site id, the size of one instance. Plain stores: a racing reader at worst measures twice. */
    private static final long[] OBJECT_SIZES = new long[MAX_SITES];

    private static volatile AllocationSink sink;
    private static int arrayHeader = 16;
    private static int referenceShift = 2;

    static {
        java.util.Arrays.fill(COUNTDOWN, Long.MAX_VALUE); // nothing installed: the slow path never runs
        java.util.Arrays.fill(OBJECT_SIZES, UNMEASURED);
    }

    private Allocations() {
    }

    /*
     * The common path is split into methods of a few bytes each (the public hooks, countDown,
     * stripe, arrayBytes), all under the JIT's 35-byte limit for inlining at any call site, warm
     * or hot, and everything rare lives in methods marked {@link ColdPath}, which are never inlined. A hook
     * of 49 bytes was a real call at every site the JIT did not consider hot, and each byte inlined
     * into a method also spends that method's inlining budget, which the application's own calls
     * then lack.
     */

    /** After {@code new T(...)} returned: one instance of the site's class. */
    public static void object(Object o, int site) {
        if (countDown(OBJECT_SIZES[site & (MAX_SITES - 1)]) < 0) {
            objectSampled(o, site);
        }
    }

    public static void array(boolean[] a, int site) {
        if (countDown(arrayBytes(a.length, 0)) < 0) {
            arraySampled(a, arrayBytes(a.length, 0), site);
        }
    }

    public static void array(byte[] a, int site) {
        if (countDown(arrayBytes(a.length, 0)) < 0) {
            arraySampled(a, arrayBytes(a.length, 0), site);
        }
    }

    public static void array(char[] a, int site) {
        if (countDown(arrayBytes(a.length, 1)) < 0) {
            arraySampled(a, arrayBytes(a.length, 1), site);
        }
    }

    public static void array(short[] a, int site) {
        if (countDown(arrayBytes(a.length, 1)) < 0) {
            arraySampled(a, arrayBytes(a.length, 1), site);
        }
    }

    public static void array(int[] a, int site) {
        if (countDown(arrayBytes(a.length, 2)) < 0) {
            arraySampled(a, arrayBytes(a.length, 2), site);
        }
    }

    public static void array(float[] a, int site) {
        if (countDown(arrayBytes(a.length, 2)) < 0) {
            arraySampled(a, arrayBytes(a.length, 2), site);
        }
    }

    public static void array(long[] a, int site) {
        if (countDown(arrayBytes(a.length, 3)) < 0) {
            arraySampled(a, arrayBytes(a.length, 3), site);
        }
    }

    public static void array(double[] a, int site) {
        if (countDown(arrayBytes(a.length, 3)) < 0) {
            arraySampled(a, arrayBytes(a.length, 3), site);
        }
    }

    public static void array(Object[] a, int site) {
        if (countDown(arrayBytes(a.length, referenceShift)) < 0) {
            arraySampled(a, arrayBytes(a.length, referenceShift), site);
        }
    }

    /** Subtracts from the calling thread's stripe and returns what is left; below zero, sample. */
    private static long countDown(long bytes) {
        int i = stripe();
        long left = COUNTDOWN[i] - bytes;
        COUNTDOWN[i] = left;
        return left;
    }

    private static int stripe() {
        return ((int) Thread.currentThread().getId() & (STRIPES - 1)) * PAD;
    }

    /** After {@code multianewarray}: the outer array and every nested one it created. */
    public static void multiArray(Object a, int site) {
        take(a, nestedArrayBytes(a, 4096), site);
    }

    /** After {@code Array.newInstance}, {@code Constructor.newInstance} or {@code Class.newInstance}. */
    public static void reflective(Object o, int site) {
        if (o == null) {
            return;
        }
        if (o.getClass().isArray()) {
            take(o, nestedArrayBytes(o, 4096), site);
            return;
        }
        AllocationSink s = sink;
        if (s == null || !ReentrancyGuard.enter()) {
            return;
        }
        long size;
        try {
            size = s.sizeOf(o);
        } catch (Throwable t) {
            Bridge.hookFailed(t);
            return;
        } finally {
            ReentrancyGuard.exit();
        }
        take(o, size, site);
    }

    private static long arrayBytes(int length, int shift) {
        return (arrayHeader + ((long) length << shift) + 7) & ~7L;
    }

    /** Sizes of an array and the arrays inside it, visiting at most {@code budget} arrays. */
    private static long nestedArrayBytes(Object a, int budget) {
        Class<?> component = a.getClass().getComponentType();
        int length = java.lang.reflect.Array.getLength(a);
        if (!component.isPrimitive()) {
            long total = arrayBytes(length, referenceShift);
            if (component.isArray()) {
                Object[] inner = (Object[]) a;
                for (int i = 0; i < inner.length && i < budget; i++) {
                    if (inner[i] != null) {
                        total += nestedArrayBytes(inner[i], budget / Math.max(1, inner.length));
                    }
                }
            }
            return total;
        }
        int shift = component == long.class || component == double.class ? 3
                : component == int.class || component == float.class ? 2
                : component == char.class || component == short.class ? 1 : 0;
        return arrayBytes(length, shift);
    }

    /** Multi-dimensional and reflective creation: rare enough for one method that does it all. */
    @ColdPath
    private static void take(Object o, long bytes, int site) {
        if (countDown(bytes) < 0) {
            sample(o, bytes, site, stripe());
        }
    }

    @ColdPath
    private static void arraySampled(Object a, long bytes, int site) {
        sample(a, bytes, site, stripe());
    }

    /**
     * The countdown went below zero at a plain object's site: either the site's size is not
     * measured yet ({@link #UNMEASURED} was subtracted), or this object is a sample.
     */
    @ColdPath
    private static void objectSampled(Object o, int site) {
        int index = stripe();
        long size = OBJECT_SIZES[site & (MAX_SITES - 1)];
        if (size == UNMEASURED) {
            size = measure(o, site);
            if (size <= 0) {
                COUNTDOWN[index] += UNMEASURED; // nothing measured (no sink, or a nested call): undo
                return;
            }
            long left = COUNTDOWN[index] + UNMEASURED - size; // count the object at its real size
            COUNTDOWN[index] = left;
            if (left >= 0) {
                return;
            }
        }
        sample(o, size, site, index);
    }

    @ColdPath
    private static void sample(Object o, long bytes, int site, int index) {
        AllocationSink s = sink;
        if (s == null) {
            COUNTDOWN[index] = Long.MAX_VALUE;
            return;
        }
        if (!ReentrancyGuard.enter()) {
            return; // inside a hook or on an agent thread: not the application's allocation
        }
        try {
            COUNTDOWN[index] = Math.max(1, s.sampled(o, bytes, site, index / PAD));
        } catch (Throwable t) {
            COUNTDOWN[index] = Long.MAX_VALUE;
            Bridge.hookFailed(t);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /** The size of one instance of the site's class, remembered for the site; 0 when it cannot be measured now. */
    @ColdPath
    private static long measure(Object o, int site) {
        AllocationSink s = sink;
        if (s == null || (site >>> SITE_INDEX_BITS) != generation) {
            return 0; // nothing installed, or a hook left by an earlier attach: its index is another site's now
        }
        if (!ReentrancyGuard.enter()) {
            return 0;
        }
        try {
            long size = s.sizeOf(o);
            if (size > 0 && size < UNMEASURED) {
                OBJECT_SIZES[site & (MAX_SITES - 1)] = size;
                return size;
            }
            return 0;
        } catch (Throwable t) {
            Bridge.hookFailed(t);
            return 0;
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /**
     * Starts sampling.
     *
     * @param maxSites       site ids are below this; at most {@link #MAX_SITES}
     * @param header         bytes in an array's header (16 with compressed class pointers)
     * @param refShift       log2 of a reference's size in an array (2 with compressed oops)
     */
    public static void install(AllocationSink newSink, int maxSites, int header, int refShift) {
        if (maxSites > MAX_SITES) {
            throw new IllegalArgumentException("at most " + MAX_SITES + " allocation sites, not " + maxSites);
        }
        java.util.Arrays.fill(OBJECT_SIZES, UNMEASURED); // a new site table numbers its sites anew
        arrayHeader = header;
        referenceShift = refShift;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            COUNTDOWN[stripe * PAD] = Math.max(1, newSink.firstInterval(stripe));
        }
        sink = newSink;
    }

    /**
     * A new number for the site ids of an agent about to start, carried in their bits 16-30.
     * Why: {@code stop} leaves hooks in a class some thread is running in (see the agent's
     * RunningClasses), and after a new {@code attach} those hooks still pass the old agent's
     * ids; the generation tells them apart from the new agent's. Kept here, in the bootstrap
     * class that outlives every agent's class loader.
     */
    public static synchronized int nextGeneration() {
        int next = generation % 0x7FFF + 1; // 1..32767: ids stay positive
        generation = next;
        return next;
    }

    /** Stops sampling: every countdown is parked at its maximum, so the hooks only decrement. */
    public static void uninstall() {
        sink = null;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            COUNTDOWN[stripe * PAD] = Long.MAX_VALUE;
        }
    }

    public static int stripes() {
        return STRIPES;
    }
}

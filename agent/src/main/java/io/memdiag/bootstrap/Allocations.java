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

    private static volatile AllocationSink sink;
    /** Per site id, the size of one instance; 0 until measured. Plain field: a stale read re-measures. */
    private static int[] objectSizes = new int[0];
    private static int arrayHeader = 16;
    private static int referenceShift = 2;

    static {
        java.util.Arrays.fill(COUNTDOWN, Long.MAX_VALUE); // nothing installed: the slow path never runs
    }

    private Allocations() {
    }

    /** After {@code new T(...)} returned: one instance of the site's class. */
    public static void object(Object o, int site) {
        int[] sizes = objectSizes;
        int size;
        if (site < sizes.length && (size = sizes[site]) != 0) {
            take(o, size, site);
        } else {
            measure(o, site);
        }
    }

    public static void array(boolean[] a, int site) {
        take(a, arrayBytes(a.length, 0), site);
    }

    public static void array(byte[] a, int site) {
        take(a, arrayBytes(a.length, 0), site);
    }

    public static void array(char[] a, int site) {
        take(a, arrayBytes(a.length, 1), site);
    }

    public static void array(short[] a, int site) {
        take(a, arrayBytes(a.length, 1), site);
    }

    public static void array(int[] a, int site) {
        take(a, arrayBytes(a.length, 2), site);
    }

    public static void array(float[] a, int site) {
        take(a, arrayBytes(a.length, 2), site);
    }

    public static void array(long[] a, int site) {
        take(a, arrayBytes(a.length, 3), site);
    }

    public static void array(double[] a, int site) {
        take(a, arrayBytes(a.length, 3), site);
    }

    public static void array(Object[] a, int site) {
        take(a, arrayBytes(a.length, referenceShift), site);
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

    private static void take(Object o, long bytes, int site) {
        int i = ((int) Thread.currentThread().getId() & (STRIPES - 1)) * PAD;
        long left = COUNTDOWN[i] - bytes;
        COUNTDOWN[i] = left;
        if (left < 0) {
            sample(o, bytes, site, i);
        }
    }

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

    private static void measure(Object o, int site) {
        AllocationSink s = sink;
        if (s == null || !ReentrancyGuard.enter()) {
            return;
        }
        long size;
        try {
            size = s.sizeOf(o);
            int[] sizes = objectSizes;
            if (site < sizes.length && size > 0 && size <= Integer.MAX_VALUE) {
                sizes[site] = (int) size;
            }
        } catch (Throwable t) {
            Bridge.hookFailed(t);
            return;
        } finally {
            ReentrancyGuard.exit();
        }
        take(o, size, site);
    }

    /**
     * Starts sampling.
     *
     * @param maxSites       site ids are below this
     * @param header         bytes in an array's header (16 with compressed class pointers)
     * @param refShift       log2 of a reference's size in an array (2 with compressed oops)
     */
    public static void install(AllocationSink newSink, int maxSites, int header, int refShift) {
        objectSizes = new int[maxSites];
        arrayHeader = header;
        referenceShift = refShift;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            COUNTDOWN[stripe * PAD] = Math.max(1, newSink.firstInterval(stripe));
        }
        sink = newSink;
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

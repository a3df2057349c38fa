package io.memdiag.bootstrap;

/**
 * What the allocation hooks call when a thread's byte countdown runs out: the engine records a
 * sample and says how many bytes to the next one. Declared here, on the bootstrap class path,
 * because application classes in any loader call {@link Allocations}.
 */
public interface AllocationSink {

    /**
     * A sampled allocation.
     *
     * @param object the new object or array (held only weakly by the engine)
     * @param bytes  its size in bytes
     * @param site   the allocation site id the instrumentation gave it
     * @param stripe the countdown stripe that ran out
     * @return bytes to allocate on this stripe before the next sample (at least 1)
     */
    long sampled(Object object, long bytes, int site, int stripe);

    /** The size of one object, measured once per site ({@code Instrumentation.getObjectSize}). */
    long sizeOf(Object object);

    /** A fresh interval for a stripe when sampling starts. */
    long firstInterval(int stripe);
}

package io.memdiag.core.engine;

import io.memdiag.core.analysis.JvmFacts;
import io.memdiag.core.collect.GcPoller;
import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;

import java.util.List;
import java.util.function.Consumer;

/**
 * What the engine reads the world through. The real implementation reads MXBeans, the GC
 * beans, /proc and cgroups ({@link LiveProbes}); tests may hand in recorded data.
 */
public interface Probes {

    /** Facts about the JVM that do not change while it runs. */
    JvmFacts jvmFacts();

    /**
     * Reads one sample; never throws.
     *
     * @param forReport true when the sample goes into a report: worth the costlier figures (PSS)
     */
    MemorySample sample(long liveAfterGc, boolean forReport);

    /**
     * Starts delivering GC cycles as they are notified, where the probes rely on notifications
     * rather than {@link #pollGc}; the returned handle stops delivery, or polling.
     */
    AutoCloseable onGc(Consumer<GcPoint> sink);

    /**
     * Reads the collectors that are polled rather than notified (see {@link GcPoller}), once a
     * sample, before it is taken; never throws. Probes that notify every collection poll nothing.
     */
    default void pollGc(GcPoller.Sink sink) {
    }

    /** What could not be read and why (platform limits), stable across calls. */
    List<String> notes();

    /** Releases what the probes keep open between samples (files); called once the engine stopped. Never throws. */
    default void close() {
    }
}

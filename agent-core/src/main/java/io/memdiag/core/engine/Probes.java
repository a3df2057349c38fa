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
     * Starts delivering GC cycles to the sink as they happen, where the probes hear of them (tests
     * hand in recorded points); the returned handle stops delivery. The live probes deliver
     * nothing here and start polling instead ({@link #pollGc}), which the handle stops.
     */
    AutoCloseable onGc(Consumer<GcPoint> sink);

    /**
     * Reads the collectors' latest collections (see {@link GcPoller}), once a sample, before it is
     * taken; never throws. Probes that deliver every collection to {@link #onGc} poll nothing.
     */
    default void pollGc(GcPoller.Sink sink) {
    }

    /** What could not be read and why (platform limits), stable across calls. */
    List<String> notes();

    /** Releases what the probes keep open between samples (files); called once the engine stopped. Never throws. */
    default void close() {
    }
}

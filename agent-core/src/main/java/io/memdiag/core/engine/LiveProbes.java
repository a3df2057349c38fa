package io.memdiag.core.engine;

import io.memdiag.core.analysis.JvmFacts;
import io.memdiag.core.collect.GcPoller;
import io.memdiag.core.collect.JvmFactsReader;
import io.memdiag.core.collect.SampleCollector;
import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The real world: MXBeans, the polled collectors, /proc and the memory cgroup of this process. */
public final class LiveProbes implements Probes {

    private final SampleCollector collector;
    private final JvmFacts facts;
    private volatile GcPoller gcPoller;

    public LiveProbes() {
        this(Paths.get("/"));
    }

    /** @param root where /proc and /sys are found; "/" except in tests */
    public LiveProbes(Path root) {
        this.collector = new SampleCollector(root);
        this.facts = JvmFactsReader.read(root);
    }

    @Override
    public JvmFacts jvmFacts() {
        return facts;
    }

    @Override
    public MemorySample sample(long liveAfterGc, boolean forReport) {
        return collector.read(liveAfterGc, forReport);
    }

    /** GC data is read by polling ({@link #pollGc}): nothing is delivered here; the handle stops the polling. */
    @Override
    public AutoCloseable onGc(Consumer<GcPoint> sink) {
        // the facts read the beans' names once at start
        GcPoller poller = new GcPoller(Set.copyOf(facts.gcNames()));
        gcPoller = poller;
        return poller::close;
    }

    @Override
    public void pollGc(GcPoller.Sink sink) {
        GcPoller p = gcPoller;
        if (p != null) {
            p.poll(sink);
        }
    }

    @Override
    public void close() {
        collector.close();
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>(collector.notes());
        GcPoller p = gcPoller;
        if (p != null && p.firstFailure() != null) {
            notes.add("reading the collectors' last collection failed: " + p.firstFailure());
        }
        return notes;
    }
}

package io.memdiag.core.engine;

import io.memdiag.core.analysis.JvmFacts;
import io.memdiag.core.collect.GcNotificationListener;
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

/** The real world: MXBeans, GC notifications and polled collectors, /proc and the memory cgroup of this process. */
public final class LiveProbes implements Probes {

    private final SampleCollector collector;
    private final JvmFacts facts;
    private volatile GcNotificationListener gcListener;
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

    @Override
    public AutoCloseable onGc(Consumer<GcPoint> sink) {
        // the facts read the beans' names once at start: whether to poll follows from them
        Set<String> collectors = Set.copyOf(facts.gcNames());
        if (GcPoller.pollsEveryCollector(collectors)) {
            GcPoller poller = new GcPoller();
            gcPoller = poller;
            return poller::close;
        }
        GcNotificationListener listener = new GcNotificationListener(sink);
        gcListener = listener;
        return listener;
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
        GcNotificationListener l = gcListener;
        if (l != null && l.firstFailure() != null) {
            notes.add("GC notification handling failed: " + l.firstFailure());
        }
        GcPoller p = gcPoller;
        if (p != null && p.firstFailure() != null) {
            notes.add("reading the young collector's last collection failed: " + p.firstFailure());
        }
        return notes;
    }
}

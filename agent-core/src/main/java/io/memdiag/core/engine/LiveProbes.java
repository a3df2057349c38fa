package io.memdiag.core.engine;

import io.memdiag.core.analysis.JvmFacts;
import io.memdiag.core.collect.CgroupReader;
import io.memdiag.core.collect.GcNotificationListener;
import io.memdiag.core.collect.JvmFactsReader;
import io.memdiag.core.collect.JvmMemoryReader;
import io.memdiag.core.collect.ProcFiles;
import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The real world: MXBeans, GC notifications, /proc and the memory cgroup of this process. */
public final class LiveProbes implements Probes {

    private final FailureLog failures;
    private final Path root;
    private final JvmMemoryReader jvm = new JvmMemoryReader();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final ProcFiles proc;
    private final CgroupReader cgroup;
    private final JvmFacts facts;
    private GcNotificationListener gcListener;

    public LiveProbes(FailureLog failures) {
        this(failures, Paths.get("/"));
    }

    /** @param root where /proc and /sys are found; "/" except in tests */
    public LiveProbes(FailureLog failures, Path root) {
        this.failures = failures;
        this.root = root;
        this.proc = new ProcFiles(root);
        this.cgroup = new CgroupReader(root);
        this.facts = JvmFactsReader.read(root);
    }

    @Override
    public JvmFacts jvmFacts() {
        return facts;
    }

    @Override
    public MemorySample sample(long liveAfterGc, boolean forReport) {
        MemoryUsage heap = jvm.heap();
        Map<String, Long> nonHeap = jvm.nonHeapCommitted();
        long nonHeapCommitted = 0;
        for (long v : nonHeap.values()) {
            nonHeapCommitted += v;
        }
        ProcessMemory process = guarded("process memory", () -> proc.processMemory(forReport), ProcessMemory.UNAVAILABLE);
        long fds = guarded("open fds", proc::openFds, -1L);
        long fdLimit = guarded("fd limit", proc::fdSoftLimit, -1L);
        CgroupMemory cg = guarded("cgroup", cgroup::read, null);
        return new MemorySample(System.currentTimeMillis(), runtime.getUptime(), heap.getUsed(), heap.getCommitted(),
                heap.getMax(), liveAfterGc, nonHeapCommitted, nonHeap, jvm.bufferPoolUsed("direct"),
                jvm.bufferPoolUsed("mapped"), jvm.liveThreads(), process, fds, fdLimit, cg);
    }

    private <T> T guarded(String what, java.util.function.Supplier<T> read, T unknown) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            failures.once(what, e);
            return unknown;
        }
    }

    @Override
    public synchronized AutoCloseable onGc(Consumer<GcPoint> sink) {
        gcListener = new GcNotificationListener(sink);
        return gcListener;
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>(proc.notes());
        notes.addAll(cgroup.notes());
        GcNotificationListener l = gcListener;
        if (l != null && l.firstFailure() != null) {
            notes.add("GC notification handling failed: " + l.firstFailure());
        }
        return notes;
    }

}

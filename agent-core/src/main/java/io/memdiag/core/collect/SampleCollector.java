package io.memdiag.core.collect;

import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything the sampler reads in one tick, composed: the JVM's figures, /proc, the memory
 * cgroup and the clock. Meant for the single {@code memdiag-sampler} thread; never throws.
 */
public final class SampleCollector {

    private final Clock clock;
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final JvmMemoryReader jvm = new JvmMemoryReader();
    private final ProcFiles proc;
    private final CgroupReader cgroup;
    /** The /proc and cgroup sources, read through a {@link CompileBoundary}; with and without PSS. */
    private final Supplier<?>[] sources;
    private final Supplier<?>[] sourcesWithPss;
    private static final int PROCESS = 0;
    private static final int OPEN_FDS = 1;
    private static final int FD_LIMIT = 2;
    private static final int CGROUP = 3;

    /** @param root where /proc and /sys are found: "/" except in tests */
    public SampleCollector(Path root) {
        this(root, Clock.systemUTC());
    }

    public SampleCollector(Path root, Clock clock) {
        this.clock = clock;
        this.proc = new ProcFiles(root);
        this.cgroup = new CgroupReader(root);
        Supplier<Long> openFds = proc::openFds;
        Supplier<Long> fdLimit = proc::fdSoftLimit;
        Supplier<CgroupMemory> cgroupMemory = cgroup::read;
        this.sources = new Supplier<?>[] {() -> proc.processMemory(false), openFds, fdLimit, cgroupMemory};
        this.sourcesWithPss = new Supplier<?>[] {() -> proc.processMemory(true), openFds, fdLimit, cgroupMemory};
    }

    /** A sample without PSS, the every-second kind. */
    public MemorySample read(long liveAfterGc) {
        return read(liveAfterGc, false);
    }

    /**
     * @param liveAfterGc heap used after the most recent GC, or -1 before the first
     * @param withPss     also read smaps_rollup: milliseconds on a large heap, so for reports only
     */
    public MemorySample read(long liveAfterGc, boolean withPss) {
        Object[] read = CompileBoundary.getEach(withPss ? sourcesWithPss : sources);
        return jvm.sample(clock.millis(), uptime(), liveAfterGc, (ProcessMemory) read[PROCESS], (Long) read[OPEN_FDS],
                (Long) read[FD_LIMIT], (CgroupMemory) read[CGROUP]);
    }

    private long uptime() {
        try {
            return runtime.getUptime();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Whether /proc/self/status could be read: process memory, fds and the fd limit are known. */
    public boolean linux() {
        return proc.linux();
    }

    /** Closes the /proc and cgroup files kept open between samples. Never throws. */
    public void close() {
        proc.close();
        cgroup.close();
    }

    /** What could not be read and why, each said once: /proc first, then the cgroup, then MXBeans. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>(proc.notes());
        notes.addAll(cgroup.notes());
        notes.addAll(jvm.notes());
        return notes;
    }
}

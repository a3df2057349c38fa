package io.memdiag.core.collect;

import io.memdiag.core.model.MemorySample;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

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

    /** @param root where /proc and /sys are found: "/" except in tests */
    public SampleCollector(Path root) {
        this(root, Clock.systemUTC());
    }

    public SampleCollector(Path root, Clock clock) {
        this.clock = clock;
        this.proc = new ProcFiles(root);
        this.cgroup = new CgroupReader(root);
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
        return jvm.sample(clock.millis(), uptime(), liveAfterGc, proc.processMemory(withPss), proc.openFds(),
                proc.fdSoftLimit(), cgroup.read());
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

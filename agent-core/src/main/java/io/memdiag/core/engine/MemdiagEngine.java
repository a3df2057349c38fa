package io.memdiag.core.engine;

import io.memdiag.core.alloc.AllocationProfile;
import io.memdiag.core.alloc.AllocationSnapshot;
import io.memdiag.core.analysis.AnalysisInput;
import io.memdiag.core.analysis.AnalysisResult;
import io.memdiag.core.analysis.Analyzer;
import io.memdiag.core.analysis.JvmFacts;
import io.memdiag.core.analysis.LivePoints;
import io.memdiag.core.analysis.Verdict;
import io.memdiag.core.buffers.DirectBufferTracker;
import io.memdiag.core.collect.CompileBoundary;
import io.memdiag.core.collect.ProcFiles;
import io.memdiag.core.history.History;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.options.AgentOptions;
import io.memdiag.core.report.EventStats;
import io.memdiag.core.report.Report;
import io.memdiag.core.report.ReportWriter;
import io.memdiag.core.resources.ResourceSnapshot;
import io.memdiag.core.resources.ResourceTracker;
import io.memdiag.core.threads.ThreadSnapshot;
import io.memdiag.core.threads.ThreadTracker;
import io.memdiag.core.ring.EventHandler;
import io.memdiag.core.ring.RingBuffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The spine: owns the ring buffer, the history and the sampler thread, and turns them into
 * reports. Everything the engine does happens on its own {@code memdiag-sampler} thread (and
 * at shutdown on the caller's), never on an application thread.
 */
public final class MemdiagEngine {

    /** GC points kept: 2048 recent as they came, 2048 archived at a uniform stride; ~100 bytes each. */
    static final int GC_POINTS_KEPT = 4096;
    /** Events drained per tick at most, so one tick stays short even after a flood. */
    private static final int DRAIN_BATCH = 1 << 20;
    /** Floors of heap-after-GC in each report: the trend an operator can plot, in 24 points. */
    private static final int REPORTED_FLOORS = 24;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private final AgentOptions options;
    /** From the options at start; a second attach may change them (see {@link #retime}). */
    private volatile long reportIntervalNanos;
    private volatile long sampleIntervalNanos;
    private final Probes probes;
    private final ReportWriter writer;
    private final Analyzer analyzer;
    private final FailureLog failures;
    private final RingBuffer ring;
    private final History history;
    private final EventCounter counter = new EventCounter();
    private final List<EventHandler> handlers = new CopyOnWriteArrayList<>();
    private final List<String> startupNotes = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Supplier<String>> noteSources = new CopyOnWriteArrayList<>();
    private final JvmFacts facts;
    private final long pid = ProcFiles.selfPid();
    private final ThreadFactory threads;
    private final ResourceTracker resources;
    private final ThreadTracker threadTracker;
    private volatile DirectBufferTracker directBuffers;
    private volatile AllocationProfile allocations;

    private volatile boolean running;
    private volatile Thread sampler;
    private AutoCloseable gcSubscription;
    private int reportSequence;
    private long samplesTaken;
    private volatile long samplerCpuNanos;
    private long nextReportNanos;
    /** A sample's steps, run through a {@link CompileBoundary}: inlined into {@code tick}, they made one 22.3 MB compilation. */
    private final Runnable[] sampleSteps = {this::drainEvents, this::pollGc, () -> takeSample(false)};
    /** The ring's events to the counter and the handlers; one object for every drain. */
    private final EventHandler dispatcher = this::dispatch;

    public MemdiagEngine(AgentOptions options, Probes probes, ReportWriter writer, Analyzer analyzer,
                         FailureLog failures, ThreadFactory threads) {
        this(options, probes, writer, analyzer, failures, threads, null, null);
    }

    /**
     * @param resources     the resource tracker the hooks feed, or null when resource tracking is off
     * @param threadTracker the thread tracker the Thread.start hook feeds, or null when off
     */
    public MemdiagEngine(AgentOptions options, Probes probes, ReportWriter writer, Analyzer analyzer,
                         FailureLog failures, ThreadFactory threads, ResourceTracker resources, ThreadTracker threadTracker) {
        this.resources = resources;
        this.threadTracker = threadTracker;
        this.options = options;
        this.reportIntervalNanos = options.reportInterval().toNanos();
        this.sampleIntervalNanos = options.sampleInterval().toNanos();
        this.probes = probes;
        this.writer = writer;
        this.analyzer = analyzer;
        this.failures = failures;
        this.threads = threads;
        this.ring = new RingBuffer(options.ringCapacity());
        this.history = new History(options.historySamples(), GC_POINTS_KEPT);
        this.facts = probes.jvmFacts();
    }

    public RingBuffer ring() {
        return ring;
    }

    /** A feature's consumer of drained events; called on the sampler thread. */
    public void addHandler(EventHandler handler) {
        handlers.add(handler);
    }

    /** Direct buffers by allocation site, for NATIVE_GROWTH's suspects and the report. */
    public void trackDirectBuffers(DirectBufferTracker tracker) {
        this.directBuffers = tracker;
    }

    /** Sampled allocations: drained from the ring, live objects counted after GCs, reported by site. */
    public void trackAllocations(AllocationProfile profile) {
        this.allocations = profile;
        addHandler(profile);
    }

    /** A note computed at each report (null: nothing to say), e.g. the hooks' own failures. */
    public void addNoteSource(java.util.function.Supplier<String> source) {
        noteSources.add(source);
    }

    /** A line every report carries (e.g. an option that was rejected at start). */
    public void addNote(String note) {
        startupNotes.add(note);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            gcSubscription = probes.onGc(history::addGc);
        } catch (RuntimeException e) {
            failures.once("GC data", e);
        }
        running = true;
        nextReportNanos = System.nanoTime() + reportIntervalNanos;
        sampler = threads.newThread(this::samplerLoop);
        sampler.start();
    }

    /** Urgent reports are at most this frequent, however often the trigger fires. */
    private static final long URGENT_REPORT_GAP_NANOS = 10_000_000_000L;
    private volatile String urgentReason;
    private long lastUrgentNanos;

    /**
     * Asks for a report as soon as the sampler can write one (within a moment, not at the next
     * interval). Safe from any thread: it sets a flag and wakes the sampler, nothing more.
     */
    public void requestReport(String reason) {
        urgentReason = reason;
        Thread t = sampler;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * New intervals for a running agent (a second attach with options); null keeps one as it is.
     * The next report is due one new interval from now, and the sampler wakes to take up the new
     * pace at once rather than after the old interval.
     */
    public void retime(Duration reportInterval, Duration sampleInterval) {
        synchronized (this) {
            if (reportInterval != null) {
                reportIntervalNanos = reportInterval.toNanos();
                nextReportNanos = System.nanoTime() + reportIntervalNanos;
            }
            if (sampleInterval != null) {
                sampleIntervalNanos = sampleInterval.toNanos();
            }
        }
        Thread t = sampler;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void samplerLoop() {
        long next = System.nanoTime() + sampleIntervalNanos;
        while (running) {
            long interval = sampleIntervalNanos;
            if (next - System.nanoTime() > interval) {
                next = System.nanoTime() + interval; // the interval was shortened: don't sleep out the old one
            }
            String urgent = urgentReason;
            if (urgent != null) {
                urgentReason = null;
                writeUrgentReport(urgent);
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            next += interval;
            if (next < System.nanoTime()) {
                next = System.nanoTime() + interval; // fell behind (a long GC pause): skip, don't burst
            }
            try {
                tick();
                samplerCpuNanos = CPU.isCurrentThreadCpuTimeSupported() ? CPU.getCurrentThreadCpuTime() : 0;
            } catch (Throwable t) {
                failures.once("sampler tick", t); // never throws; the sampler keeps going
            }
        }
    }

    private void writeUrgentReport(String reason) {
        long now = System.nanoTime();
        if (lastUrgentNanos != 0 && now - lastUrgentNanos < URGENT_REPORT_GAP_NANOS) {
            return;
        }
        lastUrgentNanos = now;
        try {
            reportNow(reason);
        } catch (Throwable t) {
            failures.once("urgent report", t);
        }
    }

    /** One sampler step: drain events and take a sample; when a report is due, that sample goes into it. */
    synchronized void tick() {
        if (System.nanoTime() - nextReportNanos >= 0) {
            nextReportNanos = System.nanoTime() + reportIntervalNanos;
            reportNow("interval");
            return;
        }
        CompileBoundary.runEach(sampleSteps);
    }

    /** @param withPss also read smaps_rollup (milliseconds on a large heap): for reports */
    private MemorySample takeSample(boolean withPss) {
        MemorySample sample = probes.sample(history.lastLiveAfterGc(), withPss);
        history.addSample(sample);
        samplesTaken++;
        observeAllocations(sample);
        return sample;
    }

    private void pollGc() {
        try {
            probes.pollGc(history::addPolledGc);
        } catch (Throwable t) {
            failures.once("GC polling", t);
        }
    }

    private void observeAllocations(MemorySample sample) {
        AllocationProfile a = allocations;
        if (a != null) {
            a.observe(history.gcCyclesSeen(), sample.uptimeMillis());
        }
    }

    private void drainEvents() {
        ring.drain(dispatcher, DRAIN_BATCH);
        if (resources != null) {
            resources.drain(); // resources collected while open become leaks of their site
        }
    }

    private void dispatch(int type, long a, long b, long c) {
        counter.onEvent(type, a, b, c);
        for (EventHandler h : handlers) {
            try {
                h.onEvent(type, a, b, c);
            } catch (Throwable t) {
                failures.once("event handler " + h.getClass().getName(), t);
            }
        }
    }

    /** Takes a fresh sample, analyses the history and writes a report; returns it. */
    public synchronized Report reportNow(String reason) {
        drainEvents();
        pollGc();
        MemorySample latest = takeSample(true);
        Report report = buildReport(reason, latest);
        try {
            writer.write(report);
        } catch (Throwable t) {
            failures.once("report writer", t);
        }
        return report;
    }

    private Report buildReport(String reason, MemorySample latest) {
        ResourceSnapshot resourceSnapshot = null;
        try {
            resourceSnapshot = resources == null ? null : resources.snapshot();
        } catch (Throwable t) {
            failures.once("resource snapshot", t);
        }
        List<DirectBufferTracker.SiteStats> bufferSites = List.of();
        try {
            DirectBufferTracker b = directBuffers;
            bufferSites = b == null ? List.of() : b.snapshot();
        } catch (Throwable t) {
            failures.once("direct buffer snapshot", t);
        }
        ThreadSnapshot threadSnapshot = null;
        try {
            threadSnapshot = threadTracker == null ? null : threadTracker.snapshot();
        } catch (Throwable t) {
            failures.once("thread snapshot", t);
        }
        AllocationSnapshot allocationSnapshot = null;
        List<AllocationSnapshot.SiteStats> allocationCandidates = List.of();
        try {
            AllocationProfile a = allocations;
            if (a != null) {
                AllocationProfile.Reading reading = a.read();
                allocationSnapshot = reading.snapshot();
                allocationCandidates = reading.growingCandidates();
            }
        } catch (Throwable t) {
            failures.once("allocation snapshot", t);
        }
        List<Verdict> verdicts = new ArrayList<>();
        List<String> notes = new ArrayList<>(startupNotes);
        try {
            AnalysisResult result = analyzer.analyze(new AnalysisInput(history.samples(), history.gcPoints(), facts, resourceSnapshot, threadSnapshot, bufferSites,
                    allocationCandidates));
            verdicts.addAll(result.verdicts());
            for (String f : result.failures()) {
                notes.add("analysis failure: " + f);
            }
        } catch (Throwable t) {
            failures.once("analysis", t);
        }
        verdicts.sort(Comparator.comparing(Verdict::severity, Comparator.reverseOrder()));
        notes.addAll(probes.notes());
        for (java.util.function.Supplier<String> source : noteSources) {
            String note = source.get();
            if (note != null) {
                notes.add(note);
            }
        }
        notes.addAll(failures.notes());
        EventStats events = new EventStats(ring.published(), ring.dropped(), counter.drained(), ring.capacity(), counter.byType());
        List<io.memdiag.core.model.GcPoint> points = history.gcPoints();
        Report.GcStats gc = new Report.GcStats(history.gcCyclesSeen(), points.size(), history.gcPointsCompacted(),
                LivePoints.floors(LivePoints.collections(points), REPORTED_FLOORS));
        Report.AgentStats agent = new Report.AgentStats(samplesTaken, samplerCpuNanos);
        return new Report(++reportSequence, reason, pid, facts, latest, verdicts, gc, events, agent, resourceSnapshot,
                threadSnapshot, bufferSites, allocationSnapshot, notes);
    }

    /**
     * Stops the sampler and GC subscription, optionally writing a last report. Safe to call
     * twice and from a shutdown hook.
     */
    public void stop(boolean finalReport) {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = sampler;
        }
        LockSupport.unpark(t);
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (finalReport) {
            reportNow("shutdown");
        }
        try {
            if (gcSubscription != null) {
                gcSubscription.close();
            }
        } catch (Exception e) {
            failures.once("GC unsubscribe", e);
        }
        try {
            probes.close();
        } catch (RuntimeException e) {
            failures.once("closing probes", e);
        }
        writer.close();
    }

    public History history() {
        return history;
    }
}

package io.memdiag.agent;

import io.memdiag.agent.attach.AgentMarker;
import io.memdiag.agent.instrument.JdkHookTransformer;
import io.memdiag.agent.instrument.alloc.AllocationInstrumenter;
import io.memdiag.agent.instrument.alloc.AllocationTargets;
import io.memdiag.agent.instrument.alloc.RunningClasses;
import io.memdiag.bootstrap.AgentControl;
import io.memdiag.bootstrap.Allocations;
import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.alloc.AllocationProfile;
import io.memdiag.core.alloc.AllocationSampler;
import io.memdiag.core.alloc.AllocationSites;
import io.memdiag.core.analysis.Analyzer;
import io.memdiag.core.collect.ProcFiles;
import io.memdiag.core.engine.FailureLog;
import io.memdiag.core.engine.LiveProbes;
import io.memdiag.core.engine.MemdiagEngine;
import io.memdiag.core.options.AgentOptions;
import io.memdiag.core.options.Durations;
import io.memdiag.core.options.OptionException;
import io.memdiag.core.report.LogbackReportWriter;
import io.memdiag.core.report.ReportDirectory;
import io.memdiag.core.buffers.DirectBufferTracker;
import io.memdiag.core.resources.ResourceTracker;
import io.memdiag.core.threads.ThreadTracker;

import java.io.File;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Starts the engine inside the isolated loader: options, report files, sampler, then
 * instrumentation. Called reflectively by the launcher; whatever fails here disables the agent
 * with one line on stderr and leaves the host running.
 *
 * <p>What the host sees on its streams: one line per rejected option, the fallback line when
 * report.dir is unwritable, and one line saying where the reports go. Nothing on stdout.
 */
public final class AgentInstaller {

    /** Distinct opening sites tracked; beyond it opens count against an overflow site per kind. */
    private static final int MAX_SITES = 2048;
    /** Distinct thread-starting sites tracked. */
    private static final int MAX_THREAD_SITES = 128;
    /** Allocation instructions instrumented at most; site ids index the hooks' size table (4 bytes each). */
    private static final int MAX_ALLOCATION_SITES = 65536;
    /** Distinct stacks of sampled allocations kept. */
    private static final int MAX_ALLOCATION_STACKS = 4096;

    /** Agent arguments that carry a command for the agent already running, not options. */
    public static final String COMMAND = "command=";

    private AgentInstaller() {
    }

    /** A command from {@code java -jar memdiag-agent.jar <command> <pid>}, for the running agent. */
    private static void runCommand(String command, PrintStream err) {
        AgentControl control = Bridge.control();
        if (control == null) {
            throw new IllegalStateException("memdiag is not running in this JVM");
        }
        switch (command) {
            case "report":
                control.reportNow("on-demand");
                break;
            case "stop":
                control.stop();
                break;
            default:
                throw new IllegalArgumentException("unknown command '" + command + "'");
        }
    }

    /**
     * @param injectionNote null when the bridge was defined directly, else how it got there instead
     */
    public static void install(String args, Instrumentation inst, File agentJar, boolean attached, String injectionNote) {
        PrintStream err = System.err;
        if (args != null && args.startsWith(COMMAND)) {
            runCommand(args.substring(COMMAND.length()).trim(), err);
            return;
        }
        if (Bridge.agentHandle() != null) {
            AgentControl running = Bridge.control();
            if (running == null || args == null || args.isBlank()) {
                err.println("memdiag: already running in this JVM; this start is ignored");
            } else {
                err.println("memdiag: already running in this JVM; " + running.reconfigure(args));
            }
            return;
        }
        AgentOptions options = AgentOptions.parse(args);
        for (OptionException e : options.errors()) {
            err.println("memdiag: " + e.getMessage() + " (using the default)");
        }
        ReportDirectory dir = ReportDirectory.choose(options.reportDir());
        if (dir.error() != null) {
            err.println("memdiag: " + dir.error());
        }
        if (!dir.usable()) {
            err.println("memdiag: no writable directory for reports; the agent is disabled and the application runs on");
            return;
        }
        if (attached || options.alloc()) {
            // allocation hooks must be registered before the application's classes load; an
            // attach command returns when the agent runs, so the next command finds it
            start(options, dir, inst, attached, injectionNote, err, null);
            return;
        }
        // At JVM start without allocation sampling nothing has to be in place before main (the
        // JDK hooks always went in on a thread of their own, while main ran). So the rest
        // (Logback, the engine, the MXBeans: most of premain's time) runs on a thread too, off
        // main's path. The shutdown hook is registered now: a process that ends at once waits
        // for the start and still gets its final report.
        DeferredShutdown shutdown = new DeferredShutdown();
        Thread starting = new AgentThreads("start").newThread(new BackgroundStart(options, dir, inst, injectionNote, err, shutdown));
        shutdown.after(starting);
        Runtime.getRuntime().addShutdownHook(shutdown.hook());
        starting.start();
    }

    /**
     * Everything after the options and the report directory: the report writer, the engine and
     * its trackers, the bridge's sinks, the instrumentation thread, the marker and the shutdown
     * report.
     *
     * @param deferred null to register a shutdown hook here; else the one already registered
     */
    private static void start(AgentOptions options, ReportDirectory dir, Instrumentation inst, boolean attached,
                              String injectionNote, PrintStream err, DeferredShutdown deferred) {
        long pid = ProcFiles.selfPid();
        LogbackReportWriter writer = new LogbackReportWriter(dir.path(), pid, options.logMaxSize());
        FailureLog failures = new FailureLog(writer.diagnostics());
        ResourceTracker resources = options.resources()
                ? new ResourceTracker(options.resourcesMax(), MAX_SITES, options.resourcesStackDepth(), options.resourcesTrack(),
                        options.resourcesWalks()) : null;
        ThreadTracker threadTracker = options.threads() ? new ThreadTracker(MAX_THREAD_SITES, options.resourcesStackDepth()) : null;
        MemdiagEngine engine = new MemdiagEngine(options, new LiveProbes(), writer, Analyzer.forContainerThreshold(options.containerThreshold() / 100.0),
                failures, new AgentThreads("sampler"), resources, threadTracker);
        for (OptionException e : options.errors()) {
            engine.addNote("option rejected, default used: " + e.getMessage());
        }
        if (dir.error() != null) {
            engine.addNote(dir.error());
        }
        if (injectionNote != null) {
            engine.addNote(injectionNote);
        }
        if (attached) {
            engine.addNote(baselineAtAttach());
            String recompile = RecompileAtAttach.note(Runtime.version().feature());
            if (recompile != null) {
                engine.addNote(recompile);
            }
        }
        engine.addNoteSource(() -> {
            Throwable first = Bridge.firstHookFailure();
            return first == null ? null : "hooks failed " + Bridge.hookFailures() + " times (the application was not affected); first: " + first;
        });
        engine.start();
        Bridge.install(new RingSink(engine.ring()), engine);
        AgentSession session = new AgentSession(inst, engine, writer, failures);
        Bridge.installControl(session);
        long historyGap = options.reportInterval().toMillis() / 2;
        if (threadTracker != null) {
            threadTracker.historyGap(historyGap);
            Bridge.installThreads(threadTracker::started);
        }
        if (resources != null) {
            resources.historyGap(historyGap);
            DirectBufferTracker buffers = new DirectBufferTracker(MAX_THREAD_SITES, options.resourcesWalks());
            engine.trackDirectBuffers(buffers);
            Bridge.installDirectBuffers(buffers::allocated);
        }
        if (resources != null) {
            Bridge.installResources(new TrackerSink(resources, () -> engine.requestReport("fd-exhausted")));
        }
        AllocationSites allocationSites = options.alloc() ? startAllocationSampling(options, inst, engine) : null;
        AllocationTargets allocationTargets = options.alloc()
                ? new AllocationTargets(options.allocInclude(), options.allocExclude()) : null;
        if (allocationTargets != null && !attached) {
            // at start, before the application's classes load: see AllocationInstrumenter
            long start = System.nanoTime();
            try {
                AllocationInstrumenter hooks = new AllocationInstrumenter(failures, allocationTargets, allocationSites, null);
                hooks.install(inst);
                session.allocationHooks(hooks);
                writer.diagnostics().info("allocation hooks installed in {} ms", (System.nanoTime() - start) / 1_000_000);
            } catch (Throwable t) {
                failures.once("allocation instrumentation", t);
            }
        }
        // The JDK hooks go in on their own thread: loading the weaver and retransforming the
        // already loaded JDK classes would otherwise delay the application's main, at the price
        // of missing hook events from the first moments.
        Thread installing = new AgentThreads("instrument").newThread(() -> {
            long start = System.nanoTime();
            try {
                JdkHookTransformer jdkHooks = new JdkHookTransformer(failures, options.resources(), options.resourcesTrack());
                session.jdkHooks(jdkHooks);
                int classes = jdkHooks.install(inst);
                writer.diagnostics().info("hooks woven into {} loaded classes in {} ms", classes, (System.nanoTime() - start) / 1_000_000);
            } catch (Throwable t) {
                failures.once("instrumentation", t);
            }
            if (!options.samplerC2()) {
                limitSamplerCompilation(inst, dir, writer, engine);
            }
            if (allocationTargets != null && attached) {
                RunningClasses running = new RunningClasses();
                String retransformed;
                try {
                    AllocationInstrumenter hooks = new AllocationInstrumenter(failures, allocationTargets, allocationSites, running);
                    session.allocationHooks(hooks);
                    retransformed = hooks.install(inst);
                } catch (Throwable t) {
                    failures.once("allocation instrumentation", t);
                    return;
                }
                engine.addNote("attach: loaded classes instrumented in " + (System.nanoTime() - start) / 1_000_000
                        + " ms (JDK hooks in one batch, then " + retransformed + ", on the memdiag-instrument thread)");
                retryRunningClasses(inst, allocationTargets, running, engine, failures);
            } else if (attached) {
                engine.addNote("attach: loaded classes instrumented in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
        });
        session.instrumentThread(installing);
        installing.start();
        java.nio.file.Path marker = writeMarker(pid, options, writer, attached, failures);
        session.marker(marker);
        Runnable finalReport = () -> {
            Bridge.uninstall();
            Allocations.uninstall();
            engine.stop(true);
            deleteQuietly(marker);
        };
        DeferredShutdown shutdown = deferred != null ? deferred : new DeferredShutdown();
        if (deferred == null) {
            Runtime.getRuntime().addShutdownHook(shutdown.hook()); // a deferred start registered it before starting
        }
        session.shutdownHook(shutdown.hook());
        shutdown.then(finalReport);
        err.println("memdiag: reports every " + Durations.format(options.reportInterval()) + " to "
                + writer.logFile() + " and " + writer.jsonFile().getFileName()
                + (attached ? " (attached to a running JVM)" : ""));
    }

    /** The sampler, its profile in the engine, and the hooks' sink; the sites the instrumentation will name. */
    private static AllocationSites startAllocationSampling(AgentOptions options, Instrumentation inst, MemdiagEngine engine) {
        AllocationSites sites = new AllocationSites(MAX_ALLOCATION_SITES, Allocations.nextGeneration());
        AllocationSampler sampler = new AllocationSampler(options.allocRate(), options.allocThrottle(), Allocations.stripes(),
                engine.ring(), sites, options.allocLiveMax(), MAX_ALLOCATION_STACKS, options.allocStackDepth());
        sampler.followLivenessBelow(AllocationSinkAdapter.humongousThreshold());
        engine.trackAllocations(new AllocationProfile(sampler));
        engine.addNoteSource(() -> sampler.staleHooks() == 0 ? null : sampler.staleHooks() + " allocation samples dropped:"
                + " they came from hooks an earlier attach left in a class a thread was running in at its stop");
        Allocations.install(new AllocationSinkAdapter(sampler, inst), sites.capacity(),
                AllocationSinkAdapter.arrayHeader(inst), AllocationSinkAdapter.referenceShift(inst));
        return sites;
    }

    /** Attempts at instrumenting classes a thread was running in, and the pause between them. */
    private static final int RUNNING_RETRIES = 12;
    private static final long RUNNING_RETRY_PAUSE_MS = 5_000;

    /**
     * Classes skipped because a thread was running in them get their allocation hooks once no
     * thread does; those a thread never leaves (a main loop) are named in the reports.
     */
    private static void retryRunningClasses(Instrumentation inst, AllocationTargets targets, RunningClasses running,
                                            MemdiagEngine engine, FailureLog failures) {
        engine.addNoteSource(() -> {
            List<String> skipped = running.stillSkipped(inst, targets);
            return skipped.isEmpty() ? null : "allocation sites not instrumented in " + skipped.size()
                    + (skipped.size() == 1 ? " class" : " classes") + " a thread has been running in since the agent arrived (a retransformed method that is running"
                    + " would stay interpreted until it returns): " + String.join(", ", skipped.subList(0, Math.min(5, skipped.size())))
                    + (skipped.size() > 5 ? ", ..." : "");
        });
        for (int attempt = 0; attempt < RUNNING_RETRIES; attempt++) {
            try {
                Thread.sleep(RUNNING_RETRY_PAUSE_MS);
                running.retry(inst, targets);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                failures.once("instrumenting classes that were running", t);
                return;
            }
        }
    }

    /**
     * C1 only for the sampler's code (see {@link SamplerCompilation}). Failing costs compiler
     * memory, not correctness: the reports carry a note, and C2 compiles that code as before.
     */
    private static void limitSamplerCompilation(Instrumentation inst, ReportDirectory dir, LogbackReportWriter writer, MemdiagEngine engine) {
        try {
            writer.diagnostics().info(SamplerCompilation.limit(inst, dir.path()));
        } catch (Throwable t) {
            engine.addNote("the sampler's code could not be kept from C2 (" + t
                    + "); C2's larger compilations of it may add a few MB of RSS, kept by the C library (sampler.c2=on silences this)");
        }
    }

    /** Says, for the command line's list and attach, that the agent runs here and where it writes. */
    private static java.nio.file.Path writeMarker(long pid, AgentOptions options, LogbackReportWriter writer, boolean attached,
                                                  FailureLog failures) {
        java.util.Properties values = new java.util.Properties();
        values.setProperty(AgentMarker.VERSION, io.memdiag.agent.cli.Cli.version());
        values.setProperty(AgentMarker.LOG, writer.logFile().toString());
        values.setProperty(AgentMarker.JSON, writer.jsonFile().toString());
        values.setProperty(AgentMarker.INTERVAL, Durations.format(options.reportInterval()));
        values.setProperty(AgentMarker.ATTACHED, String.valueOf(attached));
        try {
            return AgentMarker.write(pid, values);
        } catch (java.io.IOException | RuntimeException e) {
            failures.once("writing the agent marker for the command line", e);
            return null;
        }
    }

    private static void deleteQuietly(java.nio.file.Path file) {
        try {
            if (file != null) {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // a stale marker is recognised by its dead process
        }
    }

    /**
     * What the JVM already held when the agent arrived: resources opened and objects allocated
     * before then are not attributed to any site, and the report says how much that was.
     */
    private static String baselineAtAttach() {
        java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        String[] fds = new File("/proc/self/fd").list();
        return "baseline at attach (uptime " + Durations.format(java.time.Duration.ofMillis(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime())) + "): heap used "
                + io.memdiag.core.model.Units.bytes(heap.getUsed()) + ", threads "
                + java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount()
                + (fds == null ? "" : ", open fds " + fds.length)
                + "; resources opened and objects allocated before it are not attributed to a site";
    }

    /** The start on the {@code memdiag-start} thread; a class, not a lambda: see {@link AgentThreads}. */
    private static final class BackgroundStart implements Runnable {

        private final AgentOptions options;
        private final ReportDirectory dir;
        private final Instrumentation inst;
        private final String injectionNote;
        private final PrintStream err;
        private final DeferredShutdown shutdown;

        BackgroundStart(AgentOptions options, ReportDirectory dir, Instrumentation inst, String injectionNote, PrintStream err,
                        DeferredShutdown shutdown) {
            this.options = options;
            this.dir = dir;
            this.inst = inst;
            this.injectionNote = injectionNote;
            this.err = err;
            this.shutdown = shutdown;
        }

        @Override
        public void run() {
            try {
                start(options, dir, inst, false, injectionNote, err, shutdown);
            } catch (Throwable t) {
                err.println("memdiag: the agent could not start and is disabled; the application runs on: " + t);
            }
        }
    }
}

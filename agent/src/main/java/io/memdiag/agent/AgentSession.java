package io.memdiag.agent;

import io.memdiag.agent.instrument.JdkHookTransformer;
import io.memdiag.agent.instrument.alloc.AllocationInstrumenter;
import io.memdiag.agent.attach.AgentMarker;
import io.memdiag.bootstrap.AgentControl;
import io.memdiag.bootstrap.Allocations;
import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.engine.FailureLog;
import io.memdiag.core.engine.MemdiagEngine;
import io.memdiag.core.options.AgentOptions;
import io.memdiag.core.options.Durations;
import io.memdiag.core.options.OptionException;
import io.memdiag.core.report.LogbackReportWriter;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One installation of the agent in this JVM, with everything {@code stop} must undo: the
 * transformers, the threads, the shutdown hook, the marker. Reached by later loads of the jar
 * (commands) through {@link Bridge#control()}.
 */
final class AgentSession implements AgentControl {

    private final Instrumentation inst;
    private final MemdiagEngine engine;
    private final LogbackReportWriter writer;
    private final FailureLog failures;
    private volatile JdkHookTransformer jdkHooks;
    private volatile AllocationInstrumenter allocationHooks;
    private volatile Thread instrumentThread;
    private volatile Thread shutdownHook;
    private volatile Path marker;
    private volatile boolean stopped;

    AgentSession(Instrumentation inst, MemdiagEngine engine, LogbackReportWriter writer, FailureLog failures) {
        this.inst = inst;
        this.engine = engine;
        this.writer = writer;
        this.failures = failures;
    }

    void jdkHooks(JdkHookTransformer t) {
        jdkHooks = t;
    }

    void allocationHooks(AllocationInstrumenter a) {
        allocationHooks = a;
    }

    void instrumentThread(Thread t) {
        instrumentThread = t;
    }

    void shutdownHook(Thread t) {
        shutdownHook = t;
    }

    void marker(Path p) {
        marker = p;
    }

    @Override
    public String reportNow(String reason) {
        engine.reportNow(reason);
        return writer.logFile().toString();
    }

    @Override
    public synchronized String reconfigure(String args) {
        if (stopped) {
            return "stopped; attach again to start it with these options";
        }
        AgentOptions options = AgentOptions.parse(args);
        Map<String, String> given = options.given();
        engine.retime(given.containsKey("report.interval") ? options.reportInterval() : null,
                given.containsKey("sample.interval") ? options.sampleInterval() : null);
        if (marker != null && given.containsKey("report.interval")) {
            AgentMarker.update(marker, AgentMarker.INTERVAL, Durations.format(options.reportInterval()));
        }
        StringBuilder line = new StringBuilder(options.changeWhileRunning());
        for (OptionException e : options.errors()) {
            line.append("; ").append(e.getMessage());
        }
        return line.toString();
    }

    @Override
    public synchronized String stop() {
        if (stopped) {
            return "already stopped";
        }
        stopped = true;
        Bridge.uninstall(); // every hook returns at once from here on
        Allocations.uninstall();
        Thread installing = instrumentThread;
        if (installing != null) {
            installing.interrupt();
            try {
                installing.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int restored = 0;
        // Restoring retransforms each class after its transformer is gone. When an agent's last
        // retransformation-capable transformer goes, the JDK stops asking it about class files
        // at all; a retransformation then reaches no transformer, and on JDK 25 HotSpot rebuilt
        // the class from the bytecode it was running, hooks and all (AttachStopIT saw it; JDK 17
        // went back to the original). A transformer that changes nothing, registered until
        // restoring is done, keeps the JVM starting from the original class file.
        ClassFileTransformer keepsOriginalInView = new ClassFileTransformer() {
        };
        inst.addTransformer(keepsOriginalInView, true);
        try {
            JdkHookTransformer jdk = jdkHooks;
            if (jdk != null) {
                try {
                    jdk.uninstall(inst);
                } catch (Throwable t) {
                    failures.once("restoring the JDK classes", t);
                }
            }
            AllocationInstrumenter alloc = allocationHooks;
            if (alloc != null) {
                restored = alloc.uninstall(inst);
            }
        } finally {
            inst.removeTransformer(keepsOriginalInView);
        }
        engine.stop(true); // the last report, then the GC subscription and the report files close
        Thread hook = shutdownHook;
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting anyway
            }
        }
        try {
            if (marker != null) {
                Files.deleteIfExists(marker);
            }
        } catch (Exception ignored) {
            // a stale marker is recognised by its dead process
        }
        return "stopped; " + restored + " application classes and the JDK's hooked classes restored";
    }
}

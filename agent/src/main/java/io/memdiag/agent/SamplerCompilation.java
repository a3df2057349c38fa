package io.memdiag.agent;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.memdiag.core.report.ReportDirectory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps HotSpot's C2 compiler off the code only the sampler thread runs (its analysis, the
 * {@code /proc}, cgroup and MXBean reading, the reports), so that C1 compiles it instead.
 *
 * <p>Why: C2 inlines deeply, and its compilations of that code needed up to 11 MB of compiler
 * memory each, against 3-4 MB for a typical service's own largest (JDK 25's
 * {@code -XX:CompileCommand=MemStat}). The C library keeps what a compiler thread's arena once
 * held, so each such compilation raised the process's RSS for good, and they came late: code
 * that runs once a second or once a minute reaches C2's thresholds after minutes or hours (at
 * twenty times the default sampling, {@code JvmMemoryReader::nonHeapCommitted} compiled at what
 * is minute 54 at the defaults, the minute JDK 25's RSS stepped up in two hour-long runs). That
 * code runs about a millisecond a second, mostly in system calls and JDK methods, so C1's code for
 * it costs the host nothing it would notice; the hooks on application threads (the bootstrap
 * bridge, the ring buffer, the trackers) are not matched and stay with C2.
 *
 * <p>How: a compiler directive ({@code c2: {Exclude: true}} for the sampler's packages), added
 * as {@code jcmd <pid> Compiler.directives_add} adds one, by the JVM's diagnostic command MBean's
 * own method. The agent takes that MBean from its class rather than from the platform MBean
 * server: creating the server would register every platform MBean, and an application server
 * that installs its own MBean server builder or log manager must be the first to do that. The
 * directive only matches the agent's classes; it goes on top of the directive stack, where
 * {@code jcmd Compiler.directives_print} shows it. A {@code stop} leaves it there: it matches
 * nothing the application runs, and a later attach finds it and adds no second one.
 */
final class SamplerCompilation {

    /** Packages whose code runs on the sampler thread only (and at start or a reconfigure). */
    static final List<String> SAMPLER_PACKAGES = List.of("io/memdiag/core/analysis/", "io/memdiag/core/collect/",
            "io/memdiag/core/engine/", "io/memdiag/core/history/", "io/memdiag/core/model/", "io/memdiag/core/options/",
            "io/memdiag/core/report/");

    private static final String INTERNAL_PACKAGE = "com.sun.management.internal";
    private static final String DIAGNOSTIC_COMMANDS = INTERNAL_PACKAGE + ".DiagnosticCommandImpl";

    private SamplerCompilation() {
    }

    /** The directive, in HotSpot's JSON dialect (see the JDK's {@code -XX:CompilerDirectivesFile}). */
    static String directive() {
        StringBuilder match = new StringBuilder();
        for (String p : SAMPLER_PACKAGES) {
            match.append(match.length() == 0 ? "" : ", ").append('"').append(p).append("*.*\"");
        }
        return "[{ match: [" + match + "], c2: { Exclude: true } }]\n";
    }

    /**
     * Adds the directive unless an earlier agent in this JVM did.
     *
     * @param scratch a writable directory for the directive's file, which HotSpot reads at once
     *                and which is deleted afterwards (the report directory)
     * @return what happened, one line for the diagnostics log
     * @throws Throwable when the JVM has no such command or refuses the directive; the caller notes it
     */
    static String limit(Instrumentation inst, Path scratch) throws Throwable {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (!"true".equals(hotspot.getVMOption("TieredCompilation").getValue())) {
            // C2 is then the only compiler: refused it, the sampler's code would stay interpreted
            return "the sampler's code is left to C2: with -XX:-TieredCompilation there is no C1 to compile it";
        }
        DiagnosticCommands commands = DiagnosticCommands.open(inst);
        if (commands.execute("Compiler.directives_print").contains(SAMPLER_PACKAGES.get(0))) {
            return "the sampler's code is compiled by C1 only (a directive an earlier start added)";
        }
        Path file = ReportDirectory.createUniqueFile(scratch, ".memdiag-directive-", ".json");
        try {
            // a FileOutputStream, not Files.write: see AgentMarker.write
            try (OutputStream out = new FileOutputStream(file.toFile())) {
                out.write(directive().getBytes(StandardCharsets.US_ASCII));
            }
            String answer = commands.execute("Compiler.directives_add \"" + file + "\"").trim();
            if (!answer.startsWith("1 compiler directives added")) {
                throw new IllegalStateException("the JVM answered '" + answer + "'");
            }
        } finally {
            deleteQuietly(file);
        }
        return "the sampler's code is compiled by C1 only (a compiler directive: jcmd <pid> Compiler.directives_print)";
    }

    /**
     * The JVM's diagnostic commands, one at a time, as {@code jcmd} runs them. Not through the
     * MBean's {@code invoke}: its first call builds the MBean's description, which asks every
     * command for its help, and {@code JFR.start}'s help loads JFR's Java code and parses its
     * configuration files (on JDK 25, a 6.8 MB C2 compilation of the XML parser followed).
     */
    private static final class DiagnosticCommands {

        private final Object mbean;
        private final MethodHandle execute;

        private DiagnosticCommands(Object mbean, MethodHandle execute) {
            this.mbean = mbean;
            this.execute = execute;
        }

        static DiagnosticCommands open(Instrumentation inst) throws ReflectiveOperationException {
            // The MBean's native methods live in a library the jdk.management provider loaded
            // when limit() first asked for a platform MXBean.
            Module management = ModuleLayer.boot().findModule("jdk.management")
                    .orElseThrow(() -> new IllegalStateException("this JVM has no jdk.management module"));
            Module self = SamplerCompilation.class.getModule();
            if (!management.isOpen(INTERNAL_PACKAGE, self)) {
                inst.redefineModule(management, Set.of(), Map.of(), Map.of(INTERNAL_PACKAGE, Set.of(self)), Set.of(), Map.of());
            }
            Class<?> impl = Class.forName(DIAGNOSTIC_COMMANDS, true, null);
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(impl, MethodHandles.lookup());
            MethodHandle instance = lookup.findStatic(impl, "getDiagnosticCommandMBean",
                    MethodType.methodType(com.sun.management.DiagnosticCommandMBean.class));
            Object mbean;
            try {
                mbean = instance.invoke();
            } catch (Throwable t) {
                throw new IllegalStateException("the diagnostic command MBean failed: " + t, t);
            }
            if (mbean == null) {
                throw new IllegalStateException("this JVM does not take diagnostic commands through its MBean");
            }
            MethodHandle execute = lookup.findVirtual(impl, "executeDiagnosticCommand", MethodType.methodType(String.class, String.class))
                    .asType(MethodType.methodType(String.class, Object.class, String.class));
            return new DiagnosticCommands(mbean, execute);
        }

        String execute(String command) throws Throwable {
            String output = (String) execute.invokeExact(mbean, command);
            return output == null ? "" : output;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException ignored) {
            // a leftover file of 300 bytes, starting with a dot, in the report directory
        }
    }
}

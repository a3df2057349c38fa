package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.fastOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At JVM start without allocation sampling the agent starts on its own thread, off main's path;
 * a process that is over before the agent has finished starting still gets its final report.
 */
class StartIT {

    @Test
    void aProcessThatEndsAtOnceStillGetsItsShutdownReport() throws Exception {
        Path d = dir("hello");
        ChildJvm.Run run = ChildJvm.run("hello", fastOptions(d), List.of("-Xmx64m"), List.of(), "io.memdiag.samples.Hello");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.stdout().startsWith("uptime-at-main-ms "), run.describe());
        Map<String, Object> last = run.lastReport();
        assertEquals("shutdown", last.get("reason"), run.describe());
        assertTrue(run.stderr().contains("memdiag: reports every 2s to " + d), run.stderr());
    }

    /**
     * JDK subsystems the agent once set up in every host for a detail (a temporary file's random
     * name, a date in a comment, a number's rounding, a file written through a channel's stream),
     * each costing CPU at start and heap for good. Hello itself loads none of them, so any that
     * loads is the agent's.
     */
    @Test
    void theAgentsStartAndFinalReportLeaveTheJdksHeavySubsystemsAlone() throws Exception {
        Path d = dir("hello-classes");
        Path classes = d.resolve("classes.txt");
        ChildJvm.Run run = ChildJvm.run("hello-classes", fastOptions(d), List.of("-Xmx64m", "-Xlog:class+load=info:file=" + classes),
                List.of(), "io.memdiag.samples.Hello", "1500");
        assertEquals(0, run.exitCode(), run.describe());
        assertEquals("shutdown", run.lastReport().get("reason"), run.describe());
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains(" io.memdiag.core.engine.MemdiagEngine "), "the log names the agent's classes too: " + classes);
        for (String heavy : List.of("java.security.SecureRandom", "sun.security.jca.Providers", "java.math.BigDecimal",
                "java.util.Formatter", "java.time.format.DateTimeFormatter", "sun.util.cldr.CLDRLocaleProviderAdapter",
                "sun.nio.ch.SocketChannelImpl")) {
            assertFalse(loaded.contains(" " + heavy + " "), heavy + " was loaded: see " + classes);
        }
    }
}

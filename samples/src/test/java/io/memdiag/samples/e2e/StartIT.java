package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.fastOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}

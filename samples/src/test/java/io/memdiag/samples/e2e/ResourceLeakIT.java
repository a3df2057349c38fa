package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.fastOptions;
import static io.memdiag.samples.e2e.ChildJvm.object;
import static io.memdiag.samples.e2e.ChildJvm.openAt;
import static io.memdiag.samples.e2e.ChildJvm.resourceSites;
import static io.memdiag.samples.e2e.ChildJvm.siteMethod;
import static io.memdiag.samples.e2e.ChildJvm.verdictKinds;
import static io.memdiag.samples.e2e.ChildJvm.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files, channels and directory streams dropped without close() are named at the code that opened them. */
class ResourceLeakIT {

    private static final Set<String> LEAKING_METHODS = Set.of("leakFileInputStream", "leakFileOutputStream",
            "leakRandomAccessFile", "leakNewInputStream", "leakFileChannel", "leakLines", "leakList",
            "leakNewOutputStream", "leakNewByteChannel", "leakBufferedReader", "leakBufferedWriter",
            "leakDirectoryStream", "leakWalk", "leakFind");

    @Test
    @SuppressWarnings("unchecked")
    void everyKindDroppedWithoutCloseIsReportedAtItsOpeningMethod() throws Exception {
        ChildJvm.Run run = ChildJvm.run("leaky-files", fastOptions(dir("leaky-files")), List.of("-Xmx64m"), List.of(),
                "io.memdiag.samples.LeakyFiles", "leak", "6");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        assertTrue(verdictKinds(last).contains("RESOURCE_LEAK"), "expected RESOURCE_LEAK: " + last.get("verdicts") + run.describe());
        Set<String> leaked = new TreeSet<>();
        for (Map<String, Object> site : resourceSites(last)) {
            if (((Number) site.get("collectedUnclosed")).longValue() > 0) {
                leaked.add(siteMethod(site));
                assertTrue(((String) site.get("site")).startsWith("io.memdiag.samples.LeakyFiles."), site.toString());
                assertFalse(((List<String>) site.get("stack")).isEmpty(), "a stack for the site: " + site);
            }
        }
        assertEquals(new TreeSet<>(LEAKING_METHODS), leaked, "every kind, at its own method");
        Map<String, Object> v = verdicts(last).stream().filter(x -> "RESOURCE_LEAK".equals(x.get("kind"))).findFirst().orElseThrow();
        for (String site : (List<String>) v.get("sites")) {
            assertTrue(site.startsWith("io.memdiag.samples.LeakyFiles.leak"), site);
        }
        assertTrue(String.join(" ", (List<String>) v.get("advice")).contains("try-with-resources"), v.toString());
        assertTrue(run.humanLog().contains("RESOURCES"), "the human report lists the sites");
    }

    @Test
    void tryWithResourcesInAReopenLoopIsNoLeakAndTheAgentsOwnFilesAreNeverListed() throws Exception {
        // log.max.size=2KB: the agent rolls its own report files over and over while the sample runs
        ChildJvm.Run run = ChildJvm.run("closed-files", fastOptions(dir("closed-files")) + ",log.max.size=2KB",
                List.of("-Xmx64m"), List.of(), "io.memdiag.samples.LeakyFiles", "closed", "6");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        assertFalse(verdictKinds(last).contains("RESOURCE_LEAK"), "all closed: " + last.get("verdicts"));
        Map<String, Object> resources = object(last, "resources");
        assertEquals(0L, resources.get("collectedUnclosed"));
        assertTrue(((Number) resources.get("tracked")).longValue() >= 15 * 20, "the loop opened and closed many times: " + resources);
        for (Map<String, Object> site : resourceSites(last)) {
            String frame = (String) site.get("site");
            assertFalse(frame.startsWith("ch.qos.logback") || frame.startsWith("org.slf4j") || frame.startsWith("net.bytebuddy")
                    || frame.startsWith("io.memdiag.core") || frame.startsWith("io.memdiag.agent"),
                    "the agent's own report files are never tracked: " + site);
            if (frame.startsWith("io.memdiag.samples.")) {
                // main( writes the sample's data file first, seen when the hooks were in place by then
                assertTrue(frame.startsWith("io.memdiag.samples.LeakyFiles.closedAll(")
                        || frame.startsWith("io.memdiag.samples.LeakyFiles.main("), site.toString());
            }
            // other sites can only be "(opened by the JDK itself)": the class loader's jars, opened
            // while the instrumentation (installed in the background) was already in place
        }
        assertEquals(0, openAt(last, "io.memdiag.samples.LeakyFiles.closedAll("), "every file the application opened was closed by the end");
    }

    @Test
    @SuppressWarnings("unchecked")
    void runningOutOfDescriptorsTriggersAReportNamingTheHoarder() throws Exception {
        // report.interval=60s: any report before shutdown was triggered by "Too many open files"
        ChildJvm.Run run = ChildJvm.run("hoarded-files", 256, "report.dir=" + dir("hoarded-files") + ",sample.interval=200ms",
                List.of("-Xmx64m"), List.of(), "io.memdiag.samples.LeakyFiles", "hoard", "4");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.stdout().contains("Too many open files"), "the sample ran out: " + run.stdout());
        Map<String, Object> urgent = run.reports().stream().filter(r -> "fd-exhausted".equals(r.get("reason"))).findFirst()
                .orElseThrow(() -> new AssertionError("no immediate report: " + run.describe()));
        Map<String, Object> v = verdicts(urgent).stream().filter(x -> "RESOURCE_LEAK".equals(x.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError(String.valueOf(urgent.get("verdicts"))));
        assertEquals("CRITICAL", v.get("severity"), v.toString());
        assertTrue(((List<String>) v.get("sites")).get(0).startsWith("io.memdiag.samples.LeakyFiles.hoardOne("), v.toString());
        assertTrue(((String) v.get("summary")).startsWith("Out of file descriptors: "), v.toString());
        assertTrue(((Number) object(v, "evidence").get("tooManyOpenFiles")).longValue() >= 1, v.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void opensBeyondTheSiteWalkBudgetAreTrackedAndTheirLeaksCountedWithoutASite() throws Exception {
        // LeakyFiles opens some 14 resources every 20 ms: far beyond ten site lookups a second
        ChildJvm.Run run = ChildJvm.run("files-walk-budget", fastOptions(dir("files-walk-budget")) + ",resources.walks=10",
                List.of("-Xmx64m"), List.of(), "io.memdiag.samples.LeakyFiles", "leak", "4");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        Map<String, Object> resources = object(last, "resources");
        assertEquals(10L, resources.get("walksPerSecond"));
        long notAttributed = ((Number) resources.get("notAttributed")).longValue();
        long tracked = ((Number) resources.get("tracked")).longValue();
        assertTrue(notAttributed > tracked / 2, "most opens were not looked up: " + resources);
        long leakedWithoutSite = 0;
        for (Map<String, Object> kind : (List<Map<String, Object>>) resources.get("notAttributedByKind")) {
            leakedWithoutSite += ((Number) kind.get("collectedUnclosed")).longValue();
        }
        assertTrue(leakedWithoutSite > 0, "leaks among them are counted: " + resources);
        Map<String, Object> v = verdicts(last).stream().filter(x -> "RESOURCE_LEAK".equals(x.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError(last.get("verdicts") + run.describe()));
        assertEquals(leakedWithoutSite, ((Number) object(v, "evidence").get("collectedUnclosedNotAttributed")).longValue(), v.toString());
        assertTrue(((String) v.get("summary")).contains(" more from opens whose site was not looked up (beyond resources.walks=10 a second)"),
                v.toString());
        for (String site : (List<String>) v.get("sites")) {
            assertTrue(site.startsWith("io.memdiag.samples.LeakyFiles.leak"), "the sampled sites are still named: " + site);
        }
        assertTrue(run.humanLog().contains("  site not looked up for "), run.humanLog());
    }

    @Test
    void resourcesOffMeansNoTracking() throws Exception {
        ChildJvm.Run run = ChildJvm.run("files-untracked", fastOptions(dir("files-untracked")) + ",resources=off",
                List.of("-Xmx64m"), List.of(), "io.memdiag.samples.LeakyFiles", "leak", "3");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        assertNull(last.get("resources"));
        assertFalse(verdictKinds(last).contains("RESOURCE_LEAK"));
    }
}

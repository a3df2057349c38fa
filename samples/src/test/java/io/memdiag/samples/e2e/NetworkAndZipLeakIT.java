package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.fastOptions;
import static io.memdiag.samples.e2e.ChildJvm.object;
import static io.memdiag.samples.e2e.ChildJvm.verdictKinds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sockets (client, server, accepted), channels, selectors, zip files, inflaters and deflaters. */
class NetworkAndZipLeakIT {

    private static final Set<String> LEAKING = Set.of("leakClientSocket:SOCKET", "leakAcceptedSocket:SOCKET",
            "leakServerSocket:SERVER_SOCKET", "leakSocketChannel:SOCKET_CHANNEL",
            "leakServerSocketChannel:SERVER_SOCKET_CHANNEL", "leakDatagramSocket:DATAGRAM_CHANNEL",
            "leakSelector:SELECTOR", "leakZipFile:ZIP_FILE", "leakInflater:INFLATER", "leakDeflater:DEFLATER",
            "leakPipe:PIPE", "leakAsyncFileChannel:ASYNC_FILE_CHANNEL", "leakJarFile:ZIP_FILE");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sites(Map<String, Object> report) {
        return (List<Map<String, Object>>) object(report, "resources").get("sites");
    }

    private static String methodAndKind(Map<String, Object> site) {
        String frame = (String) site.get("site");
        String qualified = frame.substring(0, frame.indexOf('('));
        return qualified.substring(qualified.lastIndexOf('.') + 1) + ":" + site.get("kind");
    }

    @Test
    void everyKindDroppedIsNamedAtItsMethodAndCountedOnce() throws Exception {
        ChildJvm.Run run = ChildJvm.run("leaky-resources", fastOptions(dir("leaky-resources")), List.of("-Xmx64m"), List.of(),
                "io.memdiag.samples.LeakyResources", "leak", "6");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        assertTrue(verdictKinds(last).contains("RESOURCE_LEAK"), last.get("verdicts") + run.describe());
        Set<String> leaked = new TreeSet<>();
        for (Map<String, Object> site : sites(last)) {
            if (((Number) site.get("collectedUnclosed")).longValue() > 0) {
                leaked.add(methodAndKind(site));
            }
            assertFalse("RANDOM_ACCESS_FILE".equals(site.get("kind")),
                    "a ZipFile's own RandomAccessFile is part of the ZipFile's record: " + site);
        }
        assertEquals(new TreeSet<>(LEAKING), leaked);
    }

    @Test
    void allClosedIsNoLeak() throws Exception {
        ChildJvm.Run run = ChildJvm.run("closed-resources", fastOptions(dir("closed-resources")), List.of("-Xmx64m"), List.of(),
                "io.memdiag.samples.LeakyResources", "closed", "5");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        assertFalse(verdictKinds(last).contains("RESOURCE_LEAK"), String.valueOf(last.get("verdicts")));
        Map<String, Object> resources = object(last, "resources");
        assertEquals(0L, resources.get("collectedUnclosed"));
        long appOpen = 0;
        for (Map<String, Object> site : sites(last)) {
            if (((String) site.get("site")).startsWith("io.memdiag.samples.")) {
                appOpen += ((Number) site.get("openNow")).longValue();
            }
        }
        assertEquals(0, appOpen, "sockets, accepted sockets and the rest all closed: " + resources);
    }
}

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

    @Test
    void everyKindDroppedIsNamedAtItsMethodAndCountedOnce() throws Exception {
        ChildJvm.Run run = ChildJvm.run("leaky-resources", fastOptions(dir("leaky-resources")), List.of("-Xmx64m"), List.of(),
                "io.memdiag.samples.LeakyResources", "leak", "6");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        assertTrue(verdictKinds(last).contains("RESOURCE_LEAK"), last.get("verdicts") + run.describe());
        Set<String> leaked = new TreeSet<>();
        for (Map<String, Object> site : resourceSites(last)) {
            if (((Number) site.get("collectedUnclosed")).longValue() > 0) {
                leaked.add(siteMethod(site) + ":" + site.get("kind"));
            }
            assertFalse("RANDOM_ACCESS_FILE".equals(site.get("kind")),
                    "a ZipFile's own RandomAccessFile is part of the ZipFile's record: " + site);
        }
        assertEquals(new TreeSet<>(LEAKING), leaked);
        Map<String, Object> client = resourceSites(last).stream().filter(s -> "leakClientSocket".equals(siteMethod(s)))
                .findFirst().orElseThrow();
        assertTrue(String.valueOf(client.get("example")).contains("127.0.0.1"), "a socket is described by its address: " + client);
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
        assertEquals(0, openAt(last, "io.memdiag.samples.LeakyResources.closedAll("),
                "sockets, accepted sockets and the rest all closed: " + resources);
    }
}

package io.memdiag.core.analysis;

import io.memdiag.core.collect.CgroupReader;
import io.memdiag.core.engine.LiveProbes;
import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerRiskDetectorTest {

    private static final long MB = 1024 * 1024;
    private final ContainerRiskDetector detector = new ContainerRiskDetector();

    private static MemorySample sample(long uptime, long rss, long heapCommitted, long heapMax, CgroupMemory cg) {
        return new MemorySample(0, uptime, heapCommitted / 2, heapCommitted, heapMax, heapCommitted / 4, 60 * MB, Map.of(), 0, 0, 30,
                new ProcessMemory(rss, rss - 20 * MB, 20 * MB, 0, 0, rss, -1), 40, 1024, cg);
    }

    private static AnalysisInput input(List<MemorySample> samples) {
        return new AnalysisInput(samples, List.of(), Series.g1Jdk17(256 * MB, 768 * MB, true));
    }

    private static Path fixture(String name) throws Exception {
        return Paths.get(ContainerRiskDetectorTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void rssNearTheLimitAndRisingIsCriticalWithAProjection() throws Exception {
        CgroupMemory cg = new CgroupReader(fixture("v2-limited")).read(); // 384 MB effective limit
        assertEquals(384 * MB, cg.limit());
        List<MemorySample> samples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            samples.add(sample(i * 1000L, 340 * MB + i * 150_000L, 256 * MB, 768 * MB, cg));
        }
        Verdict v = detector.detect(input(samples)).orElseThrow();
        assertEquals(VerdictKind.CONTAINER_RISK, v.kind());
        assertTrue(v.summary().startsWith("RSS 348.4 MB is 91% of the container's 384.0 MB limit"), v.summary());
        assertTrue(v.summary().contains("-Xmx 768.0 MB plus 92.4 MB outside the heap exceeds the 384.0 MB limit"), v.summary());
        assertTrue(v.summary().contains("1 OOM kill already recorded"), v.summary());
        assertNotNull(v.evidence().get("projectedToLimitMs"), v.evidence().toString());
        assertEquals(Severity.CRITICAL, v.severity(), "near the limit with a kill on record");
        long percent = (Long) v.evidence().get("suggestedMaxRAMPercentage");
        assertTrue(percent > 10 && percent < 90, "a heap that fits beside 92 MB outside it: " + percent);
        assertTrue(v.advice().get(0).startsWith("-XX:MaxRAMPercentage=" + percent), v.advice().get(0));
    }

    @Test
    void aHeapMaxThatCannotFitIsARiskEvenWhenRssIsLow() {
        CgroupMemory cg = new CgroupMemory(2, "/sys/fs/cgroup/app", 512 * MB, 200 * MB, 0);
        Verdict v = detector.detect(input(List.of(sample(1000, 180 * MB, 128 * MB, 1024 * MB, cg)))).orElseThrow();
        assertEquals(Severity.WARNING, v.severity());
        assertTrue(v.summary().startsWith("-Xmx 1.0 GB plus 52.0 MB outside the heap exceeds the 512.0 MB limit"), v.summary());
    }

    @Test
    void v1LimitWithKillsOnRecordAndAConfigurableThreshold() throws Exception {
        CgroupMemory cg = new CgroupReader(fixture("v1-limited")).read(); // 1 GB, 2 OOM kills
        MemorySample s = sample(1000, 850 * MB, 512 * MB, 512 * MB, cg);
        Verdict v = detector.detect(input(List.of(s))).orElseThrow();
        assertTrue(v.summary().startsWith("2 OOM kills already recorded in this cgroup"), "83% is below the default 90%: " + v.summary());
        Verdict stricter = new ContainerRiskDetector(0.8).detect(input(List.of(s))).orElseThrow();
        assertTrue(stricter.summary().startsWith("RSS 850.0 MB is 83% of the container's 1.0 GB limit"), stricter.summary());
        assertTrue(new CgroupReader(fixture("missing-files")).read() == null, "no readable cgroup: nothing to judge");
    }

    @Test
    void roomyUnlimitedOrNoCgroupIsNoRisk() throws Exception {
        CgroupMemory roomy = new CgroupMemory(2, "/x", 4096 * MB, 300 * MB, 0);
        assertTrue(detector.detect(input(List.of(sample(1, 300 * MB, 256 * MB, 1024 * MB, roomy)))).isEmpty());
        CgroupMemory unlimited = new CgroupReader(fixture("v2-unlimited")).read();
        assertTrue(detector.detect(input(List.of(sample(1, 300 * MB, 256 * MB, 1024 * MB, unlimited)))).isEmpty());
        assertTrue(detector.detect(input(List.of(sample(1, 300 * MB, 256 * MB, 1024 * MB, null)))).isEmpty());
    }

    @Test
    void theRealCgroupOfThisMachine() {
        MemorySample real = new LiveProbes().sample(-1, false);
        CgroupMemory cg = real.cgroup();
        boolean expectRisk = cg != null && cg.limited()
                && (real.process().rss() >= 0.9 * cg.limit() || cg.oomKills() > 0
                || real.heapMax() + Math.max(0, real.process().rss() - real.heapCommitted()) > cg.limit());
        assertEquals(expectRisk, detector.detect(input(List.of(real))).isPresent(),
                "the verdict follows this machine's own cgroup: " + cg + ", rss " + real.process().rss());
    }
}

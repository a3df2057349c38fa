package io.memdiag.core.engine;

import io.memdiag.core.analysis.Analyzer;
import io.memdiag.core.analysis.JvmFacts;
import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;
import io.memdiag.core.options.AgentOptions;
import io.memdiag.core.report.Report;
import io.memdiag.core.report.ReportWriter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemdiagEngineTest {

    /** Probes that count their calls and fail on the third sample. */
    private static final class ScriptedProbes implements Probes {
        final AtomicInteger samples = new AtomicInteger();
        Consumer<GcPoint> gcSink;
        boolean unsubscribed;

        @Override
        public JvmFacts jvmFacts() {
            return new JvmFacts(17, "17", JvmFacts.Collector.G1, List.of(), -1, 1L << 30, Map.of(), null, true);
        }

        @Override
        public MemorySample sample(long liveAfterGc, boolean forReport) {
            if (samples.incrementAndGet() == 3) {
                throw new IllegalStateException("a collector broke once");
            }
            return new MemorySample(System.currentTimeMillis(), samples.get(), 10, 20, 1L << 30, liveAfterGc, 5, Map.of(),
                    0, 0, 3, ProcessMemory.UNAVAILABLE, -1, -1, null);
        }

        @Override
        public AutoCloseable onGc(Consumer<GcPoint> sink) {
            gcSink = sink;
            return () -> unsubscribed = true;
        }

        @Override
        public List<String> notes() {
            return List.of("scripted");
        }
    }

    private static final class Collecting implements ReportWriter {
        final List<Report> reports = new CopyOnWriteArrayList<>();
        boolean closed;

        @Override
        public void write(Report report) {
            reports.add(report);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void samplesReportsDrainsAndSurvivesAFailingCollector() throws Exception {
        ScriptedProbes probes = new ScriptedProbes();
        Collecting out = new Collecting();
        AgentOptions options = AgentOptions.parse("sample.interval=20ms,report.interval=100ms,ring.capacity=16");
        FailureLog failures = new FailureLog(null);
        MemdiagEngine engine = new MemdiagEngine(options, probes, out, Analyzer.defaults(), failures, Thread::new);
        engine.start();
        for (int i = 0; i < 40; i++) {
            engine.ring().publish(1, i, 0, 0); // 16 slots: the rest is dropped, and counted
        }
        probes.gcSink.accept(new GcPoint(5, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 1, 30, 12, 40, 8, false));
        long deadline = System.currentTimeMillis() + 5_000;
        while (out.reports.size() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        engine.stop(true);

        assertTrue(out.reports.size() >= 3, "periodic reports plus the final one: " + out.reports.size());
        assertTrue(probes.samples.get() > 5, "the sampler went on after the collector failed once");
        Report last = out.reports.get(out.reports.size() - 1);
        assertEquals("shutdown", last.reason());
        assertEquals(16, last.events().published());
        assertEquals(24, last.events().dropped());
        assertEquals(16, last.events().drained());
        assertEquals(Map.of("THREAD_START", 16L), last.events().byType());
        assertEquals(12, last.memory().liveAfterGc(), "live after GC comes from the GC notification");
        assertEquals(1, last.gc().cycles());
        assertTrue(last.notes().contains("scripted"));
        assertTrue(last.notes().stream().anyMatch(n -> n.contains("a collector broke once")), last.notes().toString());
        for (int i = 1; i < out.reports.size(); i++) {
            assertEquals(out.reports.get(i - 1).sequence() + 1, out.reports.get(i).sequence());
        }
        assertTrue(probes.unsubscribed && out.closed, "stop releases GC listeners and closes the files");
        int written = out.reports.size();
        engine.stop(true);
        assertEquals(written, out.reports.size(), "stopping twice writes nothing more");
        assertFalse(last.agent().samples() == 0);
    }

    /** Probes whose young collector is polled: one collection, standing for four, before the first sample. */
    private static final class PolledProbes implements Probes {
        final List<Long> liveAfterGcSeen = new CopyOnWriteArrayList<>();
        final AtomicInteger polls = new AtomicInteger();

        @Override
        public JvmFacts jvmFacts() {
            return new JvmFacts(25, "25", JvmFacts.Collector.G1, List.of(), -1, 1L << 30, Map.of(), null, true);
        }

        @Override
        public MemorySample sample(long liveAfterGc, boolean forReport) {
            liveAfterGcSeen.add(liveAfterGc);
            return new MemorySample(System.currentTimeMillis(), 1, 10, 20, 1L << 30, liveAfterGc, 5, Map.of(),
                    0, 0, 3, ProcessMemory.UNAVAILABLE, -1, -1, null);
        }

        @Override
        public AutoCloseable onGc(Consumer<GcPoint> sink) {
            return () -> { };
        }

        @Override
        public void pollGc(io.memdiag.core.collect.GcPoller.Sink sink) {
            if (polls.incrementAndGet() == 1) {
                sink.polled(new GcPoint(7, "G1 Young Generation", "end of minor GC", "(polled)", 1, 30, 14, 40, 8, false), 4);
            }
        }

        @Override
        public List<String> notes() {
            return List.of();
        }
    }

    @Test
    void polledCollectionsComeBeforeTheSampleAndCountInTheReport() {
        PolledProbes probes = new PolledProbes();
        Collecting out = new Collecting();
        AgentOptions options = AgentOptions.parse("sample.interval=1h,report.interval=1h");
        MemdiagEngine engine = new MemdiagEngine(options, probes, out, Analyzer.defaults(), new FailureLog(null), Thread::new);
        Report report = engine.reportNow("test");
        assertEquals(List.of(14L), probes.liveAfterGcSeen, "the sample already sees the polled collection");
        assertEquals(4, report.gc().cycles(), "every collection the poll stood for is counted");
        assertEquals(1, report.gc().kept());
        engine.reportNow("again");
        assertEquals(2, probes.polls.get(), "each report polls as each sample does");
    }
}

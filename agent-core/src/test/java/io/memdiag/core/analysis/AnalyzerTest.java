package io.memdiag.core.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyzerTest {

    private static final AnalysisInput EMPTY = new AnalysisInput(List.of(), List.of(),
            new JvmFacts(17, "17", JvmFacts.Collector.G1, List.of(), -1, -1, Map.of(), null, false));

    private static Detector fixed(VerdictKind kind) {
        return in -> Optional.of(new Verdict(kind, Severity.INFO, kind.name(), Map.of(), List.of(), List.of()));
    }

    @Test
    void aThrowingDetectorIsSkippedAndNamed() {
        Detector broken = in -> {
            throw new IllegalStateException("boom");
        };
        AnalysisResult r = new Analyzer(List.of(broken, fixed(VerdictKind.RETAINED))).analyze(EMPTY);
        assertEquals(1, r.verdicts().size());
        assertEquals(1, r.failures().size());
        assertTrue(r.failures().get(0).contains("boom"), r.failures().toString());
    }

    @Test
    void aLeakSilencesRetained() {
        AnalysisResult r = new Analyzer(List.of(fixed(VerdictKind.RETAINED), fixed(VerdictKind.HEAP_LEAK))).analyze(EMPTY);
        assertEquals(List.of(VerdictKind.HEAP_LEAK), r.verdicts().stream().map(Verdict::kind).toList());
    }

    @Test
    void defaultsFindNothingInAnEmptyHistory() {
        AnalysisResult r = Analyzer.defaults().analyze(EMPTY);
        assertTrue(r.verdicts().isEmpty());
        assertTrue(r.failures().isEmpty(), r.failures().toString());
    }
}

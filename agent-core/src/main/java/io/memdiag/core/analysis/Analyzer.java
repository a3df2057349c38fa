package io.memdiag.core.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the detectors over one snapshot of the history. A detector that throws is skipped and
 * named in the result: analysis runs inside someone else's JVM and must never take it down.
 * When a leak is found, RETAINED (which states that memory is held but not leaked) is dropped.
 */
public final class Analyzer {

    private final List<Detector> detectors;

    public Analyzer(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    /** Every verdict kind, with its default thresholds. */
    public static Analyzer defaults() {
        return forContainerThreshold(ContainerRiskDetector.NEAR);
    }

    /** Every verdict kind; CONTAINER_RISK at this share of the cgroup limit (the container.threshold option). */
    public static Analyzer forContainerThreshold(double containerShare) {
        return new Analyzer(List.of(new HeapLeakDetector(), new RetainedDetector(), new ResourceLeakDetector(),
                new ThreadLeakDetector(), new NativeGrowthDetector(), new ContainerRiskDetector(containerShare)));
    }

    public AnalysisResult analyze(AnalysisInput input) {
        List<Verdict> verdicts = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Detector d : detectors) {
            try {
                Optional<Verdict> v = d.detect(input);
                v.ifPresent(verdicts::add);
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(d.getClass().getSimpleName() + ": " + e);
            }
        }
        if (verdicts.stream().anyMatch(v -> v.kind() == VerdictKind.HEAP_LEAK || v.kind() == VerdictKind.NATIVE_GROWTH)) {
            // RETAINED says "not a leak"; with growth found, on or off the heap, that sentence would be false.
            verdicts.removeIf(v -> v.kind() == VerdictKind.RETAINED);
        }
        return new AnalysisResult(verdicts, failures);
    }
}

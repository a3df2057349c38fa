package io.memdiag.core.analysis;

import java.util.List;

/**
 * What one analysis produced.
 *
 * @param verdicts findings in detector order
 * @param failures detectors that threw, with the reason: they are skipped, never propagated
 */
public record AnalysisResult(List<Verdict> verdicts, List<String> failures) {

    public AnalysisResult {
        verdicts = List.copyOf(verdicts);
        failures = List.copyOf(failures);
    }
}

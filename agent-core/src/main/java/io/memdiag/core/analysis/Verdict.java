package io.memdiag.core.analysis;

import java.util.List;
import java.util.Map;

/**
 * One finding of the analysis, with the evidence behind it and what to do next.
 *
 * @param kind     what was found
 * @param severity how urgent it is
 * @param summary  one line an operator reads first
 * @param evidence the numbers behind the finding, in a stable order (name to Number or String)
 * @param advice   next steps, most useful first
 * @param sites    code locations as {@code pkg.Class.method(File.java:line)}; empty when not applicable
 */
public record Verdict(
        VerdictKind kind,
        Severity severity,
        String summary,
        Map<String, Object> evidence,
        List<String> advice,
        List<String> sites) {

    public Verdict {
        evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
        advice = List.copyOf(advice);
        sites = List.copyOf(sites);
    }
}

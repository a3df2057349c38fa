package io.memdiag.core.analysis;

import java.util.Optional;

/** One kind of finding. Detectors are deterministic functions of their input. */
public interface Detector {
    Optional<Verdict> detect(AnalysisInput input);
}

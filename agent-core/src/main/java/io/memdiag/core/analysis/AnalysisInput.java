package io.memdiag.core.analysis;

import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;

import java.util.List;

/**
 * A read-only snapshot of the bounded history handed to the detectors.
 *
 * @param samples  recent samples, oldest first
 * @param gcPoints recent GC cycles, oldest first
 * @param jvm      facts about the running JVM
 */
public record AnalysisInput(List<MemorySample> samples, List<GcPoint> gcPoints, JvmFacts jvm) {
}

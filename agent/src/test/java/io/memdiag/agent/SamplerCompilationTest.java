package io.memdiag.agent;

import io.memdiag.core.analysis.Analyzer;
import io.memdiag.core.collect.SampleCollector;
import io.memdiag.core.engine.MemdiagEngine;
import io.memdiag.core.history.History;
import io.memdiag.core.model.Units;
import io.memdiag.core.options.AgentOptions;
import io.memdiag.core.report.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SamplerCompilationTest {

    @Test
    void theDirectiveMatchesEachSamplerPackageAndRefusesC2Only() {
        assertEquals("[{ match: [\"io/memdiag/core/analysis/*.*\", \"io/memdiag/core/collect/*.*\", \"io/memdiag/core/engine/*.*\", "
                + "\"io/memdiag/core/history/*.*\", \"io/memdiag/core/model/*.*\", \"io/memdiag/core/options/*.*\", "
                + "\"io/memdiag/core/report/*.*\"], c2: { Exclude: true } }]\n", SamplerCompilation.directive());
    }

    /** A renamed package would leave the directive matching nothing, silently: each names a real one. */
    @Test
    void eachPackageIsWhereTheSamplersClassesAre() {
        List<Class<?>> samplerClasses = List.of(Analyzer.class, SampleCollector.class, MemdiagEngine.class, History.class,
                Units.class, AgentOptions.class, Json.class);
        for (int i = 0; i < samplerClasses.size(); i++) {
            assertEquals(SamplerCompilation.SAMPLER_PACKAGES.get(i), samplerClasses.get(i).getPackageName().replace('.', '/') + "/");
        }
        assertEquals(samplerClasses.size(), SamplerCompilation.SAMPLER_PACKAGES.size());
    }
}

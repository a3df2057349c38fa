package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The code only the sampler runs is compiled by C1, never by C2 (io.memdiag.agent.SamplerCompilation):
 * HotSpot's own compilation log ({@code -XX:+PrintCompilation}) of a busy service sampled every
 * 10 ms, where that code reaches C2's thresholds within seconds.
 */
class SamplerCompilationIT {

    /** A C2 compilation (tier 4, OSR or not) of a method in one of the sampler's packages. */
    private static final Pattern SAMPLER_C2 = Pattern.compile(
            "(?m)^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*4\\s+io\\.memdiag\\.core\\.(analysis|collect|engine|history|model|options|report)\\.\\S+");

    /** What PrintCompilation says when a directive refuses C2 a method of the agent's core. */
    private static final String REFUSED = "made not compilable on level 4  io.memdiag.core.";

    private static ChildJvm.Run busyService(String name, String extraOption) throws Exception {
        Path d = dir(name);
        return ChildJvm.run(name, "report.dir=" + d + ",sample.interval=10ms,report.interval=1s" + extraOption,
                List.of("-XX:+PrintCompilation", "-Xmx256m"), List.of(), "io.memdiag.samples.HealthyService", "12");
    }

    @Test
    void theSamplersCodeIsCompiledByC1Only() throws Exception {
        ChildJvm.Run run = busyService("sampler-c1", "");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.stdout().contains(REFUSED), "the directive refused C2 the sampler's hot methods:\n" + run.describe());
        Matcher c2 = SAMPLER_C2.matcher(run.stdout());
        assertFalse(c2.find(), () -> "C2 compiled the sampler's code: " + c2.group());
        assertTrue(run.humanLog().contains("the sampler's code is compiled by C1 only"), run.humanLog());
        assertFalse(run.lastReport().isEmpty(), "the agent reports as before");
    }

    /** Without tiered compilation there is no C1: refused C2, the sampler's code would stay interpreted. */
    @Test
    void withoutTieredCompilationC2KeepsThatCode() throws Exception {
        Path d = dir("sampler-untiered");
        ChildJvm.Run run = ChildJvm.run("sampler-untiered", "report.dir=" + d + ",sample.interval=10ms,report.interval=1s",
                List.of("-XX:-TieredCompilation", "-Xmx256m"), List.of(), "io.memdiag.samples.HealthyService", "3");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.humanLog().contains("the sampler's code is left to C2: with -XX:-TieredCompilation"), run.humanLog());
    }

    @Test
    void samplerC2OnLeavesThatCodeToTheJvm() throws Exception {
        ChildJvm.Run run = busyService("sampler-c2", ",sampler.c2=on");
        assertEquals(0, run.exitCode(), run.describe());
        assertFalse(run.stdout().contains(REFUSED), "no directive: " + run.describe());
        assertFalse(run.humanLog().contains("compiled by C1 only"), run.humanLog());
    }
}

package io.memdiag.samples.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SteadyStatePoolTest {

    @Test
    void blocksArePooledByJdkSettingAndWorkloadAcrossRuns() {
        List<String> first = List.of(
                "java 17.0.15; memdiag at its defaults, attached and stopped by PID; 2 blocks of phases (...)",
                "workload    no agent (ms)     memdiag (ms)      a phase   memdiag / no agent (95 % interval)   within 3 %  attach ms  stop ms",
                "rhino                2658             2877       2 runs                  1.075 (0.991-1.131) too few rounds        277      255",
                "         per block: [1.062, 1.146]",
                "         the workload thread's CPU, memdiag / no agent: 1.051 (1.002-1.090); per repetition ...",
                "h2                   1637             1691       3 runs                  1.043 (0.959-1.120) too few rounds        235      243",
                "         per block: [0.912]");
        List<String> second = List.of(
                "# a note on the run, which is no workload",
                "java 17.0.9; memdiag at its defaults, attached and stopped by PID; 1 blocks of phases (...); 8 repetitions to warm up, "
                        + SteadyStateAB.FIRST_ATTACH_UNTIMED + " (30000 ms of repetitions after the attach)",
                "rhino                2658             2877       2 runs                  0.939 (0.939-0.939) too few rounds        277      255",
                "         per block: [0.939]",
                "java 25.0.1; A/A: nothing is attached, the \"memdiag\" phases run without an agent as the others do; 1 blocks, "
                        + SteadyStateAB.FIRST_ATTACH_UNTIMED,
                "rhino                2031             1995       2 runs                  1.008 (1.008-1.008) too few rounds          0        0",
                "         per block: [1.008]");
        Map<String, List<Double>> pooled = SteadyStatePool.blocks(concat(first, second));
        assertEquals(List.of(1.146, 0.939), pooled.get("JDK 17; memdiag at its defaults, attached and stopped by PID\trhino"),
                "the same JDK release and setting pool, whatever the update; the first block of a run that timed it right after"
                        + " the JVM's first attach is left out");
        assertEquals(null, pooled.get("JDK 17; memdiag at its defaults, attached and stopped by PID\th2"),
                "a one-block run from before the untimed first attach adds nothing");
        assertEquals(List.of(1.008), pooled.get("JDK 25; A/A: nothing is attached, the \"memdiag\" phases run without an agent as the others do\trhino"),
                "an A/A run stays apart");
        assertEquals(2, pooled.size());
    }

    @Test
    void runsAgainstJfrPoolApartAndAnswerToNotAboveJfr() {
        List<String> run = List.of(
                "java 17.0.15; memdiag at its defaults, attached and stopped by PID, " + SteadyStateAB.AGAINST_JFR
                        + " (jcmd JFR.start) in the phases that say \"no agent\"; 5 blocks, " + SteadyStateAB.FIRST_ATTACH_UNTIMED,
                "rhino                1200             1190       2 runs                  0.990 (0.970-1.010) vs JFR n.r.        277      255",
                "         per block: [0.97, 0.98, 0.99, 0.985, 0.975]",
                "java 17.0.15; memdiag at its defaults, attached and stopped by PID; 5 blocks, " + SteadyStateAB.FIRST_ATTACH_UNTIMED,
                "rhino                1200             1190       2 runs                  0.990 (0.970-1.010)        shown        277      255",
                "         per block: [1.01, 1.02, 1.005, 1.015, 1.02]");
        Map<String, List<Double>> pooled = SteadyStatePool.blocks(run);
        assertEquals(2, pooled.size(), "a run against JFR is not pooled with runs against no agent: " + pooled.keySet());
        String againstJfr = pooled.keySet().stream().filter(k -> k.contains(SteadyStateAB.AGAINST_JFR)).findFirst().orElseThrow();
        MedianInterval belowJfr = MedianInterval.of(pooled.get(againstJfr));
        assertEquals("<= JFR shown", SteadyStateAB.budget(true, belowJfr), "all five blocks below JFR: " + belowJfr);
        MedianInterval aboveOne = MedianInterval.of(pooled.get("JDK 17; memdiag at its defaults, attached and stopped by PID\trhino"));
        assertEquals("above JFR", SteadyStateAB.budget(true, aboveOne), "the same ratios read against JFR lie above it");
        assertEquals("shown", SteadyStateAB.budget(false, aboveOne), "and against no agent, within 3 %");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

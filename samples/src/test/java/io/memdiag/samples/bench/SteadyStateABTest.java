package io.memdiag.samples.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SteadyStateABTest {

    @Test
    void aPhaseLastsAtLeastItsTimeInWholeRepetitions() {
        assertEquals(8, SteadyStateAB.repetitionsFor(4000, 530_000, 2), "4 s of 0.53 s repetitions, rounded up");
        assertEquals(3, SteadyStateAB.repetitionsFor(4000, 1_900_000, 2));
        assertEquals(2, SteadyStateAB.repetitionsFor(4000, 5_000_000, 2), "never fewer than asked for");
        assertEquals(1, SteadyStateAB.repetitionsFor(3000, 4_000_000, 1));
    }

    @Test
    void eachWorkloadHasAnInProcessEntryAndAnUnknownOneIsRefused() {
        for (String name : List.of("h2", "ecj", "rhino")) {
            // the workloads' classes are not on the test's class path: the lookup fails there, not on the name
            assertThrows(ClassNotFoundException.class, () -> SteadyStateAB.repetition(name, "org.example.Missing", new String[0]), name);
        }
        assertThrows(IllegalArgumentException.class, () -> SteadyStateAB.repetition("lucene", "org.example.Missing", new String[0]));
    }

    @Test
    void theChildsFiguresAreReadInTheirOrderAndSummed() {
        SteadyStateAB.Repetition r = SteadyStateAB.Repetition.parse("2531000 2490000 13 4 3720000");
        assertEquals(new SteadyStateAB.Repetition(2_531_000, 2_490_000, 13, 4, 3_720_000), r,
                "wall and the thread's CPU in µs, GC and JIT in ms, the process's CPU in µs");
        SteadyStateAB.Spent spent = new SteadyStateAB.Spent();
        spent.add(r);
        spent.add(SteadyStateAB.Repetition.parse("2469000 2410000 7 0 2880000"));
        assertEquals(5_000_000, spent.wallUs);
        assertEquals(4_900_000, spent.cpuUs);
        assertEquals(6_600_000, spent.processCpuUs);
        assertEquals(10.0, spent.perRepetition(spent.gcMs));
        assertEquals(2.0, spent.perRepetition(spent.jitMs));
        assertEquals(0.0, new SteadyStateAB.Spent().perRepetition(0), "no repetitions: nothing, not a division by zero");
    }

    @Test
    void eachBlocksRatioIsWhatItsMemdiagPhasesSpentOverWhatItsOthersDid() {
        SteadyStateAB.Spent with = new SteadyStateAB.Spent();
        with.add(SteadyStateAB.Repetition.parse("1100 500 0 0 3000"));
        SteadyStateAB.Spent without = new SteadyStateAB.Spent();
        without.add(SteadyStateAB.Repetition.parse("1000 400 0 0 2000"));
        SteadyStateAB.Result r = new SteadyStateAB.Result(1, List.of(), List.of(), List.of(), List.of(), List.of(with, without),
                List.of(without, without), List.of());
        assertEquals(List.of(1.1, 1.0), r.ratios(s -> s.wallUs));
        assertEquals(List.of(1.25, 1.0), r.ratios(s -> s.cpuUs));
        assertEquals(List.of(1.5, 1.0), r.ratios(s -> s.processCpuUs));
        assertEquals(3, SteadyStateAB.Spent.sum(List.of(with, without, without)).count, "totals add the blocks' repetitions");
    }

    @Test
    void eachPhasesShareIsItsMeanOverItsBlocksAveragedOverTheBlocks() {
        SteadyStateAB.Result r = new SteadyStateAB.Result(2, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(new double[] {2, 4, 4, 2}, new double[] {3, 3, 3, 3}));
        double[] shares = r.phaseShares();
        assertEquals(4, shares.length);
        assertEquals((2.0 / 3 + 1) / 2, shares[0], 1e-9, "a block's scale does not weigh: each is taken over its own mean");
        assertEquals((4.0 / 3 + 1) / 2, shares[1], 1e-9);
        assertEquals(shares[1], shares[2], 1e-9);
        assertEquals(shares[0], shares[3], 1e-9);
    }
}

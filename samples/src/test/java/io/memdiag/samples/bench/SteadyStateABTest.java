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
}

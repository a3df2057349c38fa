package io.memdiag.samples.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void theChildCommandForAScriptIsWhatTheHarnessStartsWithItsInputWritten(@TempDir Path tmp) throws Exception {
        Path workloads = Files.createDirectories(tmp.resolve("workloads"));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(workloads.resolve("commons-lang3-sources.jar")))) {
            zip.putNextEntry(new ZipEntry("org/example/A.java")); // ECJ's input is unpacked too: every workload is prepared
            zip.write("class A {}".getBytes(StandardCharsets.UTF_8));
        }
        Path dir = tmp.resolve("work");
        String[] fields = SteadyStateAB.childCommand(workloads, dir, "h2").split("\t");
        assertTrue(fields[0].endsWith(File.pathSeparator + workloads.resolve("h2.jar")), fields[0]);
        assertEquals(List.of("org.h2.tools.RunScript", "-url", "jdbc:h2:mem:bench", "-script", dir.resolve("h2-bench.sql").toString()),
                List.of(fields).subList(1, fields.length));
        assertTrue(Files.readString(dir.resolve("h2-bench.sql")).contains("INSERT"), "the script the child runs is written");
        assertThrows(IllegalArgumentException.class, () -> SteadyStateAB.childCommand(workloads, dir, "lucene"));
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
                List.of(without, without), List.of(), List.of(), List.of());
        assertEquals(List.of(1.1, 1.0), r.ratios(s -> s.wallUs));
        assertEquals(List.of(1.25, 1.0), r.ratios(s -> s.cpuUs));
        assertEquals(List.of(1.5, 1.0), r.ratios(s -> s.processCpuUs));
        assertEquals(3, SteadyStateAB.Spent.sum(List.of(with, without, without)).count, "totals add the blocks' repetitions");
    }

    @Test
    void eachPhasesShareIsItsMeanOverItsBlocksAveragedOverTheBlocks() {
        SteadyStateAB.Result r = new SteadyStateAB.Result(2, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(new double[] {2, 4, 4, 2}, new double[] {3, 3, 3, 3}), List.of(), List.of());
        double[] shares = r.phaseShares();
        assertEquals(4, shares.length);
        assertEquals((2.0 / 3 + 1) / 2, shares[0], 1e-9, "a block's scale does not weigh: each is taken over its own mean");
        assertEquals((4.0 / 3 + 1) / 2, shares[1], 1e-9);
        assertEquals(shares[1], shares[2], 1e-9);
        assertEquals(shares[0], shares[3], 1e-9);
    }
}

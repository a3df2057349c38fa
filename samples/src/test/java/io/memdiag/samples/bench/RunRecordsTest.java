package io.memdiag.samples.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunRecordsTest {

    private static ThirdPartyOverhead.Result wall(double s) {
        return new ThirdPartyOverhead.Result(s, -1, 2 * s, 100_000, 1, 0.5, 0.02, 0.01, 0.3);
    }

    @Test
    void poolsCompleteRoundsOfTheModesEveryBatchRanKeepingEachRoundTogether(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("first.tsv");
        Path second = dir.resolve("second.tsv");
        List<String> all = List.of("JFR default profile", "no agent", "memdiag defaults", ThirdPartyOverhead.CONTROL);
        for (int round = 1; round <= 3; round++) {
            for (String mode : all) {
                if (round == 3 && mode.equals("memdiag defaults")) {
                    break; // the harness stopped in round 3
                }
                RunRecords.append(first, "25.0.3", "h2", mode, round, wall(10 * round + all.indexOf(mode)));
            }
        }
        Files.writeString(second, RunRecords.HEADER + "\n"
                + "1\t25.0.3\th2\tno agent\t1\t100.000\t-1\t200\t100000\t1\t0.5\t0.02\t0.01\t0.3\n"
                + "1\t25.0.3\th2\tmemdiag defaults\t1\t102.000\t-1\t204\t100000\t1\t0.5\t0.02\t0.01\t0.3\n"
                + "1\t17.0.15\th2\tno agent\t1\t90.000\t-1\t180\t100000\t1\t0.5\t0.02\t0.01\t0.3\n");

        Map<String, Map<String, Map<String, List<ThirdPartyOverhead.Result>>>> pooled = RunRecords.pool(List.of(first, second));

        Map<String, List<ThirdPartyOverhead.Result>> h2 = pooled.get("25.0.3").get("h2");
        assertEquals(List.of("no agent", "memdiag defaults"), List.copyOf(h2.keySet()), "the modes both batches ran, in the harness's order");
        assertEquals(List.of(11.0, 21.0, 100.0), h2.get("no agent").stream().map(ThirdPartyOverhead.Result::wallS).toList(),
                "two complete rounds of the first batch, then the second's");
        assertEquals(List.of(12.0, 22.0, 102.0), h2.get("memdiag defaults").stream().map(ThirdPartyOverhead.Result::wallS).toList());
        assertEquals(1, pooled.get("17.0.15").get("h2").get("no agent").size(), "each JDK apart");
    }

    @Test
    void aMalformedLineNamesItsFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.tsv");
        Files.writeString(file, RunRecords.HEADER + "\n1\t25\th2\tno agent\t1\t10.0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunRecords.pool(List.of(file)));
        assertTrue(e.getMessage().contains("bad.tsv:2"), e.getMessage());
    }
}

package io.memdiag.samples.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThirdPartyOverheadTest {

    @Test
    void overAsManyRoundsAsModesEveryModeHoldsEveryPlaceOnce() {
        Map<String, List<String>> modes = ThirdPartyOverhead.modes("agent.jar", Path.of("reports"), Path.of("scratch"));
        int n = modes.size();
        List<Set<String>> byPlace = new ArrayList<>();
        for (int place = 0; place < n; place++) {
            byPlace.add(new HashSet<>());
        }
        for (int round = 0; round < n; round++) {
            List<Map.Entry<String, List<String>>> order = ThirdPartyOverhead.rotated(modes, round);
            assertEquals(n, order.size());
            for (int place = 0; place < n; place++) {
                byPlace.get(place).add(order.get(place).getKey());
            }
        }
        for (Set<String> place : byPlace) {
            assertEquals(modes.keySet(), place, "every mode once in each place");
        }
        assertEquals(ThirdPartyOverhead.rotated(modes, 0), ThirdPartyOverhead.rotated(modes, n), "the cycle repeats");
    }
}

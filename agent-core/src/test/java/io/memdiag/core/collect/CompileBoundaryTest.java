package io.memdiag.core.collect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CompileBoundaryTest {

    @Test
    void runsEveryPartInOrder() {
        List<String> ran = new ArrayList<>();
        CompileBoundary.runEach(new Runnable[] {() -> ran.add("drain"), () -> ran.add("poll"), () -> ran.add("sample")});
        assertEquals(List.of("drain", "poll", "sample"), ran);
    }

    @Test
    void returnsEachPartsResultInItsPlace() {
        Supplier<?>[] parts = {() -> "heap", () -> 42L, () -> null, () -> 7};
        assertArrayEquals(new Object[] {"heap", 42L, null, 7}, CompileBoundary.getEach(parts));
    }
}

package io.memdiag.samples.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MedianIntervalTest {

    @Test
    void identicalRatiosHaveNoWidthAndAreJudgedExactly() {
        MedianInterval i = MedianInterval.of(List.of(1.01, 1.01, 1.01, 1.01, 1.01));
        assertEquals(1.01, i.median(), 1e-12);
        assertEquals(1.01, i.low(), 1e-12);
        assertEquals(1.01, i.high(), 1e-12);
        assertEquals("shown", i.atMost(1.03));
        assertEquals("exceeded", i.atMost(1.0));
        assertEquals("1.010 (1.010-1.010)", i.text(), "as the harness prints it, whatever the default locale");
    }

    @Test
    void aNoisyMedianUnderTheLimitIsNotShownToBeUnderIt() {
        // ten rounds as this machine gives them: median +1.5 %, single rounds ±15 %
        List<Double> ratios = List.of(0.86, 0.93, 0.97, 1.00, 1.01, 1.02, 1.04, 1.08, 1.11, 1.15);
        MedianInterval i = MedianInterval.of(ratios);
        assertEquals(1.015, i.median(), 1e-12);
        assertTrue(i.low() < i.median() && i.median() < i.high(), i.toString());
        assertTrue(i.low() >= 0.86 && i.high() <= 1.15, "within the ratios' range: " + i);
        assertTrue(i.low() <= 0.97 && i.high() >= 1.04, "about as wide as the middle ratios: " + i);
        assertEquals("not resolved", i.atMost(1.03));
    }

    @Test
    void tightRatiosAboveTheLimitAreShownToExceedIt() {
        MedianInterval i = MedianInterval.of(List.of(1.06, 1.07, 1.07, 1.08, 1.08, 1.08, 1.09, 1.09, 1.10, 1.11));
        assertEquals("exceeded", i.atMost(1.03));
        assertEquals("shown", i.atMost(1.2));
    }

    @Test
    void oneRoundIsNoVerdict() {
        assertEquals("too few rounds", MedianInterval.of(List.of(1.2)).atMost(1.03));
        assertEquals("too few rounds", MedianInterval.of(List.of(1.0, 1.01, 0.99, 1.0)).atMost(1.03));
    }

    @Test
    void theSameRatiosGiveTheSameInterval() {
        List<Double> ratios = List.of(0.9, 1.0, 1.1, 1.2, 0.95);
        assertEquals(MedianInterval.of(ratios), MedianInterval.of(ratios));
    }
}

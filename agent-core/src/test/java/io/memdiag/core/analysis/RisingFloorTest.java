package io.memdiag.core.analysis;

import io.memdiag.core.model.GcPoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RisingFloorTest {

    /**
     * Recorded (BurstThenIdle with -Xms512m on JDK 17, a loaded CI machine): a 390 MB burst,
     * released at 9.9 s, and only three collections after it, as [uptime ms, heap after GC].
     */
    private static final long[][] BURST_RELEASED = {{1079, 7139880}, {1720, 8210272}, {3511, 239260560}, {3621, 249638400},
            {3787, 270619616}, {3978, 286478464}, {4106, 296965352}, {4207, 307451616}, {4427, 317806624}, {4526, 323179824},
            {4614, 328423688}, {4746, 338781104}, {4855, 344024192}, {5006, 349267408}, {5174, 359753104}, {5241, 370238976},
            {5334, 380922944}, {5526, 391404688}, {5611, 396570720}, {9918, 8781712}, {14678, 8802496}, {18578, 8701504}};

    private static List<GcPoint> points(long[][] floors) {
        List<GcPoint> points = new ArrayList<>();
        for (long[] f : floors) {
            points.add(new GcPoint(f[0], "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 3, f[1] + 20_000_000,
                    f[1], 536_870_912, f[1], f[0] == 9918));
        }
        return points;
    }

    @Test
    void aBurstThatFellBackIsNotRisingEvenWithFewPointsAfterIt() {
        RisingFloor floor = RisingFloor.of(points(BURST_RELEASED), HeapLeakDetector.Thresholds.DEFAULT);
        assertFalse(floor.maybeRising, "back at 8.7 MB from 397 MB: RETAINED may speak");
        assertFalse(floor.rising);
    }

    @Test
    void theSameRiseStillHeldIsPerhapsRising() {
        long[][] held = BURST_RELEASED.clone();
        for (int i = held.length - 3; i < held.length; i++) {
            held[i] = new long[] {held[i][0], 400_000_000L + i * 1_000_000L};
        }
        assertTrue(RisingFloor.of(points(held), HeapLeakDetector.Thresholds.DEFAULT).maybeRising,
                "the floor stays up: 'not a leak' cannot be said");
    }
}

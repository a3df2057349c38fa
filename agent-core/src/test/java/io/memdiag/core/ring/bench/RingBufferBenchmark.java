package io.memdiag.core.ring.bench;

import io.memdiag.core.ring.EventHandler;
import io.memdiag.core.ring.RingBuffer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cost of {@link RingBuffer#publish} to an application thread, in ns/op; with
 * {@code -prof gc}, {@code gc.alloc.rate.norm} must stay at ~0 B/op.
 *
 * <ul>
 *   <li>{@code uncontended}: one producer and no concurrent reader, as in production where the
 *       sampler drains once a second; the drain every 16,384 events is included, amortised.
 *   <li>{@code p1}, {@code p2}, {@code p4}, {@code p8}: that many producers plus one consumer
 *       draining continuously, so the ring keeps freeing slots. The consumer reads each line
 *       right after it is written, a worse case than production. The producer rows carry
 *       {@code accepted} and {@code dropped} counts: when the consumer falls behind, part of
 *       the time is the cheaper drop path.
 *   <li>{@code full1}, {@code full2}: publish to a ring that is kept full, i.e. the drop-and-count
 *       path alone, by one thread and by two contending on the drop counter.
 * </ul>
 *
 * Not a test: the class name keeps Surefire away, and it runs only through JMH's main (see
 * {@code src/site/markdown/performance.md}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RingBufferBenchmark {

    private static final int CAPACITY = 65536;

    /** One ring per group: the producers of a group contend on it, groups do not share. */
    @State(Scope.Group)
    public static class Ring {
        RingBuffer ring;
        final Sum sum = new Sum();

        @Setup(Level.Trial)
        public void setUp() {
            ring = new RingBuffer(CAPACITY);
        }
    }

    /** A ring filled before measurement starts, so every publish takes the drop path. */
    @State(Scope.Group)
    public static class FullRing {
        RingBuffer ring;

        @Setup(Level.Trial)
        public void setUp() {
            ring = new RingBuffer(1024);
            while (ring.publish(1, 0, 0, 0)) {
                // fill
            }
        }
    }

    /**
     * Per producer thread: the payload counter lives here, not in the shared state, so that
     * producers do not add a contended line of their own to what is measured.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Producer {
        long next;
        public long accepted;
        public long dropped;

        @Setup(Level.Iteration)
        public void reset() {
            accepted = 0;
            dropped = 0;
        }

        boolean publish(RingBuffer ring) {
            long n = next++;
            boolean ok = ring.publish(1, n, n, n);
            if (ok) {
                accepted++;
            } else {
                dropped++;
            }
            return ok;
        }
    }

    /**
     * The consumer's handler, created once: a lambda capturing a Blackhole per drain would
     * allocate on the consumer thread and show up in the group's B/op.
     */
    static final class Sum implements EventHandler {
        long total;

        @Override
        public void onEvent(int type, long a, long b, long c) {
            total += a ^ b ^ c ^ type;
        }
    }

    private static long drain(Ring r) {
        r.ring.drain(r.sum, CAPACITY);
        return r.sum.total;
    }

    @Benchmark
    @Group("uncontended")
    @GroupThreads(1)
    public boolean uncontended(Ring r, Producer p) {
        boolean ok = p.publish(r.ring);
        if ((p.next & 16383) == 0) {
            drain(r);
        }
        return ok;
    }

    @Benchmark
    @Group("p1")
    @GroupThreads(1)
    public boolean p1Publish(Ring r, Producer p) {
        return p.publish(r.ring);
    }

    @Benchmark
    @Group("p1")
    @GroupThreads(1)
    public long p1Drain(Ring r) {
        return drain(r);
    }

    @Benchmark
    @Group("p2")
    @GroupThreads(2)
    public boolean p2Publish(Ring r, Producer p) {
        return p.publish(r.ring);
    }

    @Benchmark
    @Group("p2")
    @GroupThreads(1)
    public long p2Drain(Ring r) {
        return drain(r);
    }

    @Benchmark
    @Group("p4")
    @GroupThreads(4)
    public boolean p4Publish(Ring r, Producer p) {
        return p.publish(r.ring);
    }

    @Benchmark
    @Group("p4")
    @GroupThreads(1)
    public long p4Drain(Ring r) {
        return drain(r);
    }

    @Benchmark
    @Group("p8")
    @GroupThreads(8)
    public boolean p8Publish(Ring r, Producer p) {
        return p.publish(r.ring);
    }

    @Benchmark
    @Group("p8")
    @GroupThreads(1)
    public long p8Drain(Ring r) {
        return drain(r);
    }

    @Benchmark
    @Group("full1")
    @GroupThreads(1)
    public boolean full1(FullRing r, Producer p) {
        return p.publish(r.ring);
    }

    @Benchmark
    @Group("full2")
    @GroupThreads(2)
    public boolean full2(FullRing r, Producer p) {
        return p.publish(r.ring);
    }
}

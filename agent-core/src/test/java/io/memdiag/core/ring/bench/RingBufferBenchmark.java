package io.memdiag.core.ring.bench;

import io.memdiag.core.ring.EventHandler;
import io.memdiag.core.ring.RingBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The hot path: one {@link RingBuffer#publish} per op, with a consumer draining in its own
 * thread as the sampler would (groups "p1", "p2", "p4", "p8" = producers + 1 consumer), and the
 * drop path of a full ring ("full"). Run with {@code -prof gc} to see B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Group)
public class RingBufferBenchmark {

    private RingBuffer ring;
    private long counter;

    @Setup
    public void setUp() {
        ring = new RingBuffer(65536);
    }

    private boolean publish() {
        long n = counter++; // racy across producers on purpose: only a varying payload is needed
        return ring.publish(1, n, n, n);
    }

    private int drain(Blackhole bh) {
        EventHandler h = (t, a, b, c) -> bh.consume(a);
        return ring.drain(h, 65536);
    }

    @Benchmark
    @Group("p1")
    @GroupThreads(1)
    public boolean p1Publish() {
        return publish();
    }

    @Benchmark
    @Group("p1")
    @GroupThreads(1)
    public int p1Drain(Blackhole bh) {
        return drain(bh);
    }

    @Benchmark
    @Group("p2")
    @GroupThreads(2)
    public boolean p2Publish() {
        return publish();
    }

    @Benchmark
    @Group("p2")
    @GroupThreads(1)
    public int p2Drain(Blackhole bh) {
        return drain(bh);
    }

    @Benchmark
    @Group("p4")
    @GroupThreads(4)
    public boolean p4Publish() {
        return publish();
    }

    @Benchmark
    @Group("p4")
    @GroupThreads(1)
    public int p4Drain(Blackhole bh) {
        return drain(bh);
    }

    @Benchmark
    @Group("p8")
    @GroupThreads(8)
    public boolean p8Publish() {
        return publish();
    }

    @Benchmark
    @Group("p8")
    @GroupThreads(1)
    public int p8Drain(Blackhole bh) {
        return drain(bh);
    }

    /**
     * One producer and no concurrent consumer: as in production, where the sampler drains once
     * a second and the line a producer writes is rarely being read at that instant. The drain
     * every 16,384 publishes is included in the cost, amortised.
     */
    @Benchmark
    @Group("uncontended")
    @GroupThreads(1)
    public boolean uncontended(Blackhole bh) {
        boolean ok = publish();
        if ((counter & 16383) == 0) {
            drain(bh);
        }
        return ok;
    }

    /** No consumer: after the first 65,536 events every publish takes the drop-and-count path. */
    @Benchmark
    @Group("full")
    @GroupThreads(1)
    public boolean fullDrop() {
        return publish();
    }
}

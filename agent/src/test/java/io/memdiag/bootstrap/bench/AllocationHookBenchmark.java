package io.memdiag.bootstrap.bench;

import io.memdiag.bootstrap.AllocationSink;
import io.memdiag.bootstrap.Allocations;
import io.memdiag.core.alloc.AllocationSampler;
import io.memdiag.core.alloc.AllocationSites;
import io.memdiag.core.ring.RingBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What an instrumented allocation pays, in ns/op, with the engine's real sampler behind the
 * hooks at the default rate (512 KB) and throttle (150 samples/s).
 *
 * <ul>
 *   <li>{@code hookOnly}: the hook on an existing array, no allocation: the common path alone
 *       (stripe lookup, countdown decrement, compare), plus the sampled path amortised.
 *   <li>{@code newArray} / {@code newArrayHooked}: {@code new byte[64]} without and with the hook,
 *       as instrumented code runs it. The difference is what allocation sampling adds.
 *   <li>{@code newObject} / {@code newObjectHooked}: the same for a plain object, whose size the
 *       hook reads from the per-site table.
 * </ul>
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} of a hooked row must equal its plain row's:
 * the common path allocates nothing.
 *
 * Not a test: run through JMH's main (see {@code src/site/markdown/performance.md}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AllocationHookBenchmark {

    private static final int ARRAY_SITE = 1;
    private static final int OBJECT_SITE = 2;
    private final byte[] existing = new byte[64];

    @Setup(Level.Trial)
    public void install() {
        AllocationSites sites = new AllocationSites(16);
        AllocationSites.Visit b = sites.visit("bench.B", null);
        b.next("array", -1, "byte[]");
        b.next("object", -1, "bench.B$Small");
        AllocationSampler sampler = new AllocationSampler(512 * 1024, 150, Allocations.stripes(), new RingBuffer(1 << 16),
                sites, 8192, 4096, 8);
        Allocations.install(new AllocationSink() {
            @Override
            public long sampled(Object object, long bytes, int site, int stripe) {
                return sampler.sampled(object, bytes, site, stripe);
            }

            @Override
            public long sizeOf(Object object) {
                return 16; // what Instrumentation.getObjectSize says of Small with compressed class pointers
            }

            @Override
            public long firstInterval(int stripe) {
                return sampler.firstInterval(stripe);
            }
        }, sites.capacity(), 16, 2);
    }

    @TearDown(Level.Trial)
    public void uninstall() {
        Allocations.uninstall();
    }

    /** A plain object of 16 bytes. */
    public static final class Small {
        int value;
    }

    @Benchmark
    public byte[] hookOnly() {
        Allocations.array(existing, ARRAY_SITE);
        return existing;
    }

    @Benchmark
    public byte[] newArray() {
        return new byte[64];
    }

    @Benchmark
    public byte[] newArrayHooked() {
        byte[] a = new byte[64];
        Allocations.array(a, ARRAY_SITE);
        return a;
    }

    @Benchmark
    public Object newObject() {
        return new Small();
    }

    @Benchmark
    public Object newObjectHooked() {
        Small s = new Small();
        Allocations.object(s, OBJECT_SITE);
        return s;
    }
}

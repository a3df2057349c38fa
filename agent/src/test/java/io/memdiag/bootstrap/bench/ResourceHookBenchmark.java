package io.memdiag.bootstrap.bench;

import io.memdiag.agent.TrackerSink;
import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.resources.ResourceKind;
import io.memdiag.core.resources.ResourceTracker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What tracking one resource from open to close costs, in ns/op: the two bridge hooks the
 * hooks woven into {@code FileInputStream}, channels and sockets calls, with the engine's real
 * {@link ResourceTracker} behind them at the default caps and stack depth. The resource is a
 * plain object, so the figure is memdiag's share of an open+close pair, without the file
 * system's; {@code bench.OpenCloseCost} measures the whole pair on a real file.
 *
 * <p>{@code walks} is resources.walks: at the default, 100, nearly all of the millions of opens
 * a second here are tracked without looking up their site (the stack walk); at 10,000,000
 * every open is looked up, as it was before the option existed, and as an application that
 * opens fewer than 50 resources a second is at the default.
 *
 * <ul>
 *   <li>{@code openClose}: one open and its close, from the same site every time, as in a
 *       loop that reads a file: the opening site is found by a stack walk (when the budget
 *       allows), its stack captured at most once a second.
 *   <li>{@code openOnly}: as an application that drops what it opened without closing it (the
 *       leak memdiag exists to find): each open is tracked until the collector clears the
 *       resource, and the tracker learns that from its reference queue; when the table is full,
 *       opens are counted as untracked.
 * </ul>
 * Not a test: run through JMH's main (see {@code src/site/markdown/performance.md}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ResourceHookBenchmark {

    @Param({"100", "10000000"})
    public int walks;

    private ResourceTracker tracker;

    @Setup(Level.Trial)
    public void install() {
        tracker = new ResourceTracker(65536, 2048, 8, List.of(), walks);
        Bridge.installResources(new TrackerSink(tracker, () -> { }));
    }

    @TearDown(Level.Trial)
    public void uninstall() {
        Bridge.installResources(null);
    }

    @Benchmark
    public Object openClose() {
        Object resource = new Object();
        Bridge.resourceOpened(ResourceKind.FILE_INPUT_STREAM_CODE, resource, "/data/input.txt");
        Bridge.resourceClosed(resource);
        return resource;
    }

    @Benchmark
    public Object openOnly() {
        Object resource = new Object();
        Bridge.resourceOpened(ResourceKind.FILE_INPUT_STREAM_CODE, resource, "/data/input.txt");
        return resource;
    }
}

package io.memdiag.samples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The arguments the third-party harnesses ({@link ThirdPartyOverhead}, {@link JitAttribution},
 * {@link SteadyStateAB}) start with, in this order: the agent's jar, the folder the build fetched
 * the workloads into, the rounds (default 5; blocks for SteadyStateAB) and which workloads
 * (default all three).
 */
record HarnessArgs(String agent, Path workloadsDir, int rounds, List<String> wanted) {

    /** Enough arguments for {@link #of}: the agent's jar and the workloads' folder. */
    static boolean enough(String[] args) {
        return args.length >= 2;
    }

    static HarnessArgs of(String[] args) {
        return new HarnessArgs(new File(args[0]).getAbsolutePath(), Path.of(args[1]).toAbsolutePath(),
                args.length > 2 ? Integer.parseInt(args[2]) : 5, Arrays.asList((args.length > 3 ? args[3] : "h2,ecj,rhino").split(",")));
    }

    /** The wanted workloads, in the harness's order, their inputs written into {@code scratch}. */
    List<ThirdPartyWorkload> workloads(Path scratch, ThirdPartyWorkload.Size size) throws IOException {
        return ThirdPartyWorkload.prepare(workloadsDir, scratch, size).stream().filter(w -> wanted.contains(w.name())).toList();
    }
}

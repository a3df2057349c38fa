package io.memdiag.samples.e2e;

import com.sun.tools.attach.VirtualMachine;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.object;
import static io.memdiag.samples.e2e.ChildJvm.verdictKinds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent loaded into a running JVM (the Attach API, as the coming {@code attach} command
 * will): allocation hooks reach the application classes already loaded by retransforming them,
 * except a class a thread is running in (here the sample's main loop), which is named in the
 * report instead of being left to run interpreted.
 */
class AttachAllocationIT {

    @Test
    @SuppressWarnings("unchecked")
    void attachedAgentSamplesLoadedClassesAndSkipsTheRunningOne() throws Exception {
        Path out = dir("attach-alloc");
        ChildJvm.deleteTree(out);
        Files.createDirectories(out);
        // G1 marks the old generation early, as in the leak demo: HEAP_LEAK needs two old-generation
        // reclamations, which adaptive IHOP may not start within 12 s on a loaded machine (CI once).
        // 16 s, as the demo: on JDK 17 under a fresh clone's parallel ITs, 12 s saw only two
        // reclamations in all, and the shutdown report had one left in its rise (twice running)
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.JAVA, "-Xmx128m", "-XX:+UseG1GC", "-XX:InitiatingHeapOccupancyPercent=10",
                "-XX:-G1UseAdaptiveIHOP", "-XX:+EnableDynamicAgentLoading",
                "-cp", ChildJvm.SAMPLES_JAR.toAbsolutePath().toString(), "io.memdiag.samples.LeakyCache", "16", "400"));
        Process p = new ProcessBuilder(cmd).directory(out.toFile())
                .redirectOutput(out.resolve("stdout.txt").toFile()).redirectError(out.resolve("stderr.txt").toFile()).start();
        try {
            Thread.sleep(1500); // LeakyCache and Workload are loaded and running
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(p.pid()));
            try {
                vm.loadAgent(ChildJvm.AGENT_JAR.toAbsolutePath().toString(),
                        "report.dir=" + out + ",sample.interval=200ms,report.interval=2s,alloc=on");
            } finally {
                vm.detach();
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the sample ends");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), Files.readString(out.resolve("stderr.txt")));
        ChildJvm.Run run = new ChildJvm.Run(p.exitValue(), Files.readString(out.resolve("stdout.txt")),
                Files.readString(out.resolve("stderr.txt")), out, p.pid());
        Map<String, Object> last = run.lastReport();
        assertTrue(run.stderr().contains("(attached to a running JVM)"), run.stderr());
        List<String> sites = new ArrayList<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) object(last, "allocations").get("byAllocated")) {
            sites.add((String) s.get("site"));
        }
        assertTrue(sites.stream().anyMatch(s -> s.startsWith("io.memdiag.samples.Workload.churn(")),
                "a loaded class no thread stays in is retransformed and sampled: " + sites);
        assertTrue(sites.stream().noneMatch(s -> s.startsWith("io.memdiag.samples.LeakyCache.")),
                "the class whose main loop is running is left alone: " + sites);
        // named while its loop runs; the final report may come after main returned, when a retry
        // may have instrumented the class at last (a JDK 25 CI run: the retry 5 s after the
        // previous one fell on the last moments of main)
        List<Object> notes = new ArrayList<>();
        for (Map<String, Object> report : run.reports()) {
            notes.addAll((List<String>) report.get("notes"));
        }
        assertTrue(notes.stream().anyMatch(n -> n instanceof String note && note.startsWith("allocation sites not instrumented in")
                && note.contains("io.memdiag.samples.LeakyCache")), "and named: " + notes);
        assertTrue(verdictKinds(last).contains("HEAP_LEAK"), "the heap trend alone still finds the leak: " + last.get("verdicts"));
    }
}

package io.memdiag.samples.e2e;

import io.memdiag.core.report.Json;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sample in a child JVM under the built agent jar, as an operator would, and reads
 * back what it wrote. The JVM used is {@code memdiag.test.java} (JDK 17 or 25 in CI).
 */
final class ChildJvm {

    static final Path AGENT_JAR = Paths.get(System.getProperty("memdiag.agent.jar", "../agent/target/memdiag-agent.jar"));
    static final Path SAMPLES_JAR = Paths.get(System.getProperty("memdiag.samples.jar", "target/memdiag-samples.jar"));
    static final String JAVA = System.getProperty("memdiag.test.java",
            Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    static final Path OUT = Paths.get(System.getProperty("memdiag.test.out", "target/e2e"));

    /** What one run left behind. */
    record Run(int exitCode, String stdout, String stderr, Path reportDir, long pid) {

        List<Map<String, Object>> reports() throws IOException {
            List<Map<String, Object>> list = new ArrayList<>();
            Path jsonl = reportDir.resolve("memdiag-" + pid + ".jsonl");
            if (!Files.exists(jsonl)) {
                return list;
            }
            for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    list.add(Json.parseObject(line));
                }
            }
            return list;
        }

        Map<String, Object> lastReport() throws IOException {
            List<Map<String, Object>> r = reports();
            if (r.isEmpty()) {
                throw new AssertionError("no report written in " + reportDir + "\nstderr:\n" + stderr + "\nstdout:\n" + stdout);
            }
            return r.get(r.size() - 1);
        }

        String humanLog() throws IOException {
            Path log = reportDir.resolve("memdiag-" + pid + ".log");
            return Files.exists(log) ? Files.readString(log) : "";
        }

        String describe() {
            return "exit " + exitCode + "\nstderr:\n" + stderr + "\nstdout:\n" + stdout;
        }
    }

    private ChildJvm() {
    }

    /**
     * @param name       a folder name for this run's files
     * @param agentArgs  text after '=' in -javaagent, or null for no '='
     * @param jvmArgs    heap and other flags
     * @param classPath  extra class path entries after the samples jar
     * @param mainAndArgs main class and its arguments
     */
    static Run run(String name, String agentArgs, List<String> jvmArgs, List<String> classPath, String... mainAndArgs)
            throws IOException, InterruptedException {
        return run(name, -1, agentArgs, jvmArgs, classPath, mainAndArgs);
    }

    /** @param fdLimit the child's soft RLIMIT_NOFILE (set by the shell's ulimit), or -1 to inherit */
    static Run run(String name, int fdLimit, String agentArgs, List<String> jvmArgs, List<String> classPath, String... mainAndArgs)
            throws IOException, InterruptedException {
        Path dir = OUT.resolve(name).toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (agentArgs == null ? "" : "=" + agentArgs));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        List<String> cp = new ArrayList<>();
        cp.add(SAMPLES_JAR.toAbsolutePath().toString());
        cp.addAll(classPath);
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.addAll(Arrays.asList(mainAndArgs));
        if (fdLimit > 0) {
            List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -n " + fdLimit + " && exec \"$0\" \"$@\""));
            shell.addAll(cmd);
            cmd = shell;
        }
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 120 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(stdout), Files.readString(stderr), dir, p.pid());
    }

    /** Standard agent options for short scenarios: fast sampling, frequent reports, into dir. */
    static String fastOptions(Path dir) {
        return "report.dir=" + dir + ",sample.interval=200ms,report.interval=2s";
    }

    /** What {@code jcmd <pid> <command>} of the targets' JDK prints. */
    static String jcmd(String pid, String command) throws IOException, InterruptedException {
        String jcmd = Paths.get(JAVA).resolveSibling("jcmd").toString();
        Process p = new ProcessBuilder(jcmd, pid, command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jcmd ends");
        org.junit.jupiter.api.Assertions.assertFalse(text.isBlank(), "jcmd " + command);
        return text;
    }

    static Path dir(String name) {
        return OUT.resolve(name).toAbsolutePath();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> verdicts(Map<String, Object> report) {
        return (List<Map<String, Object>>) report.get("verdicts");
    }

    static List<String> verdictKinds(Map<String, Object> report) {
        List<String> kinds = new ArrayList<>();
        for (Map<String, Object> v : verdicts(report)) {
            kinds.add((String) v.get("kind"));
        }
        return kinds;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    /** The report's resource sites, leaks first. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> resourceSites(Map<String, Object> report) {
        return (List<Map<String, Object>>) object(report, "resources").get("sites");
    }

    /** The method name of a site {@code pkg.Class.method(File.java:line)}. */
    static String siteMethod(Map<String, Object> site) {
        String frame = (String) site.get("site");
        String qualified = frame.substring(0, frame.indexOf('('));
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    /** Resources still open at sites whose frame starts with {@code framePrefix}. */
    static long openAt(Map<String, Object> report, String framePrefix) {
        long open = 0;
        for (Map<String, Object> site : resourceSites(report)) {
            if (((String) site.get("site")).startsWith(framePrefix)) {
                open += ((Number) site.get("openNow")).longValue();
            }
        }
        return open;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.fastOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule 4: the host cannot load the agent's libraries, and its own Logback stays its own. */
class IsolationIT {

    private static final String[] PRIVATE = {
        "net.bytebuddy.jar.asm.ClassReader", "net.bytebuddy.jar.asm.ClassWriter", "org.slf4j.LoggerFactory",
        "ch.qos.logback.classic.LoggerContext", "io.memdiag.core.engine.MemdiagEngine", "io.memdiag.agent.AgentInstaller",
    };

    @Test
    void hostCannotLoadByteBuddySlf4jLogbackOrTheEngine() throws Exception {
        ChildJvm.Run run = ChildJvm.run("isolation-bare", fastOptions(dir("isolation-bare")),
                List.of(), List.of(), "io.memdiag.samples.IsolationProbe");
        assertEquals(0, run.exitCode(), run.describe());
        for (String name : PRIVATE) {
            assertTrue(run.stdout().contains("load " + name + " hidden"), name + " must be hidden:\n" + run.stdout());
        }
        assertFalse(run.lastReport().isEmpty(), "the agent itself still works");
    }

    @Test
    void hostLogbackConfigurationIsUntouched() throws Exception {
        Path d = dir("isolation-host-logback");
        // The host's own configuration and class path: its Logback and SLF4J jars, its logback.xml.
        Path confDir = ChildJvm.OUT.resolve("isolation-host-logback-conf").toAbsolutePath();
        ChildJvm.deleteTree(confDir);
        Files.createDirectories(confDir);
        Path hostLog = confDir.resolve("host.log");
        Files.writeString(confDir.resolve("logback.xml"), "<configuration>\n"
                + "  <appender name=\"HOST_FILE\" class=\"ch.qos.logback.core.FileAppender\">\n"
                + "    <file>" + hostLog + "</file>\n"
                + "    <encoder><pattern>HOST %logger %msg%n</pattern></encoder>\n"
                + "  </appender>\n"
                + "  <root level=\"INFO\"><appender-ref ref=\"HOST_FILE\"/></root>\n"
                + "</configuration>\n");
        List<String> cp = List.of(confDir.toString(), jarOf("ch.qos.logback.classic.LoggerContext"),
                jarOf("ch.qos.logback.core.Appender"), jarOf("org.slf4j.LoggerFactory"));
        ChildJvm.Run run = ChildJvm.run("isolation-host-logback", fastOptions(d), List.of(), cp,
                "io.memdiag.samples.IsolationProbe", "--log");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.stdout().contains("host-logback appenders HOST_FILE"), run.stdout());
        assertTrue(run.stdout().contains("load net.bytebuddy.jar.asm.ClassReader hidden"), run.stdout());
        String hostLines = Files.readString(hostLog);
        assertTrue(hostLines.contains("HOST host.app host message from the application"), hostLines);
        assertFalse(hostLines.contains("memdiag"), "the agent never logs into the host's appenders: " + hostLines);
        assertFalse(run.humanLog().contains("host message"), "the host never logs into the agent's file");
        assertTrue(run.humanLog().contains("memdiag report"), "the agent's own log is intact");
    }

    private static String jarOf(String className) throws Exception {
        return Paths.get(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

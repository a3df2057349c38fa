package io.memdiag.samples.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JitAttributionTest {

    private static JitAttribution.Compilation c(String type, String method) {
        return new JitAttribution.Compilation(type, method, "c2", 1_000_000);
    }

    @Test
    void spunClassesOfDifferentRunsCompareEqual() {
        assertEquals("org.mozilla.javascript.NativeArray$$Lambda",
                JitAttribution.withoutSpunNumbers("org.mozilla.javascript.NativeArray$$Lambda$271+0x00007fc7d411e450"));
        assertEquals("java.lang.invoke.LambdaForm$MH", JitAttribution.withoutSpunNumbers("java.lang.invoke.LambdaForm$MH/0x000071f3a8014c00"));
        assertEquals("io.memdiag.core.Foo$$Lambda", JitAttribution.withoutSpunNumbers("io.memdiag.core.Foo$$Lambda/0x0000000801012345"));
        assertEquals("org.h2.util.Utils$1", JitAttribution.withoutSpunNumbers("org.h2.util.Utils$1"), "an ordinary nested class keeps its name");
    }

    @Test
    void attributesOnlyWhatMostAgentRunsCompiledAndNoRunWithoutIt() {
        List<List<JitAttribution.Compilation>> none = List.of(
                List.of(c("java.util.HashMap", "get()"), c("org.h2.Sometimes", "run()")),
                List.of(c("java.util.HashMap", "get()")));
        List<List<JitAttribution.Compilation>> withAgent = List.of(
                List.of(c("java.util.HashMap", "get()"), c("java.util.concurrent.ConcurrentHashMap", "putVal()"), c("org.h2.Once", "x()")),
                List.of(c("java.util.concurrent.ConcurrentHashMap", "putVal()"), c("org.h2.Sometimes", "run()")),
                List.of(c("java.util.concurrent.ConcurrentHashMap", "putVal()"), c("org.h2.Once2", "y()")));

        Set<String> extra = JitAttribution.onlyWithAgent(none, withAgent);

        assertEquals(Set.of("java.util.concurrent.ConcurrentHashMap.putVal()"), extra,
                "compiled in one agent run of three, or also in a run without the agent, is the JIT's variety, not the agent's");
    }

    @Test
    void readsEachTasksMethodAndDurationFromACompilationLog(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("compilation.log");
        Files.writeString(log, String.join("\n",
                "<hotspot_log version='160 1' process='4242' time_ms='1796310000000'>",
                "<compilation_log thread='12345'>",
                "<start_compile_thread name='C2 CompilerThread0' thread='12345' process='4242' stamp='0.050'/>",
                "<task compile_id='7' method='java.lang.String hashCode ()I' bytes='60' count='5000' iicount='5000' level='4' stamp='0.100'>",
                "<phase name='parse' nodes='3' live='3' stamp='0.100'>",
                "<task_done success='1' nmsize='256' count='5000' inlined_bytes='17' stamp='0.125'/>",
                "</task>",
                "<task compile_id='8' method='org.h2.Foo$$Lambda/0x0000000801012345 &lt;init&gt; (I)V' bytes='5' count='256' iicount='256' level='3' stamp='0.130'>",
                "<task_done success='1' nmsize='96' count='256' stamp='0.131'/>",
                "</task>",
                "<task compile_id='9' method='org.h2.Bar run ()V' bytes='5' count='256' iicount='256' level='3' stamp='0.140'>",
                "</compilation_log>",
                "</hotspot_log>"));

        List<JitAttribution.Compilation> compilations = JitAttribution.readCompilationLog(log);

        assertEquals(2, compilations.size(), "a task the log does not close (the JVM exited while compiling it) is left out");
        assertEquals(new JitAttribution.Compilation("java.lang.String", "hashCode()I", "c2", 25_000_000), compilations.get(0));
        assertEquals(new JitAttribution.Compilation("org.h2.Foo$$Lambda", "<init>(I)V", "c1", 1_000_000), compilations.get(1));
    }

    @Test
    void theAgentsOwnCodeIsNotTheHarnesss() {
        assertTrue(c("io.memdiag.core.resources.ResourceTable", "open()").agentCode());
        assertTrue(c("io.memdiag.bootstrap.Bridge", "deliverStart()").agentCode());
        assertFalse(c("io.memdiag.samples.bench.ThreadRoleCpu", "poll()").agentCode(), "the harness runs in both modes");
        assertFalse(c("org.h2.Engine", "open()").agentCode());
    }
}

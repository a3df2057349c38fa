package io.memdiag.samples.bench;

import org.junit.jupiter.api.Test;

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
    void theAgentsOwnCodeIsNotTheHarnesss() {
        assertTrue(c("io.memdiag.core.resources.ResourceTable", "open()").agentCode());
        assertTrue(c("io.memdiag.bootstrap.Bridge", "deliverStart()").agentCode());
        assertFalse(c("io.memdiag.samples.bench.ThreadRoleCpu", "poll()").agentCode(), "the harness runs in both modes");
        assertFalse(c("org.h2.Engine", "open()").agentCode());
    }
}

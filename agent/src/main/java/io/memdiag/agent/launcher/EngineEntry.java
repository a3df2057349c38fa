package io.memdiag.agent.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * How the launcher hands over to the engine in the isolated loader: the one launcher type that
 * loader shares ({@link AgentClassLoader} answers this name with this class), so the hand-over
 * is an interface call (after one no-argument constructor call). It used to be two
 * {@code Method.invoke}s, which on JDK 18 and later run through method handles: JDK 25 spun 13
 * classes for them, on {@code main}, before the application's {@code main} (see performance.md,
 * "The agent's CPU at start").
 */
public interface EngineEntry {

    /** Implemented by {@code io.memdiag.agent.AgentEntryPoint}, which needs a public no-argument constructor. */
    String IMPLEMENTATION = "io.memdiag.agent.AgentEntryPoint";

    /**
     * Defines the bridge in the bootstrap loader, then starts the agent or runs its command.
     *
     * @param args     the agent's options as given after {@code =}, or null
     * @param attached true for {@code agentmain} (dynamic attach), false for {@code premain}
     */
    void start(String args, Instrumentation inst, File agentJar, boolean attached) throws Exception;
}

package io.memdiag.bootstrap;

/**
 * What a later load of the agent into the same JVM (a command from the command line) asks of
 * the running one. Declared here because each load of the agent has its own isolated class
 * loader: only a bootstrap type is shared between them.
 */
public interface AgentControl {

    /** Writes a report now; returns the path of the human-readable log it went to. */
    String reportNow(String reason);

    /**
     * Applies the options of a second attach that a running agent can take
     * ({@code AgentOptions.CHANGEABLE_WHILE_RUNNING}); returns one line saying what changed and
     * what needs {@code stop}, then {@code attach}.
     */
    String reconfigure(String options);

    /**
     * Writes a last report, removes every transformation (the original bytecode comes back),
     * stops the agent's threads and lets go of everything it holds; returns what it did.
     */
    String stop();
}

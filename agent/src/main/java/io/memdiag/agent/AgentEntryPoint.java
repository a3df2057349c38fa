package io.memdiag.agent;

import io.memdiag.agent.launcher.EngineEntry;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * The engine side of the launcher's hand-over. It must not name the bridge classes itself
 * ({@code io.memdiag.bootstrap.*}): they exist only once {@link BootstrapInjector} has run, and
 * {@link AgentInstaller}, which names them, is linked only when it is first called, after that.
 */
public final class AgentEntryPoint implements EngineEntry {

    @Override
    public void start(String args, Instrumentation inst, File agentJar, boolean attached) throws Exception {
        String injectionNote = BootstrapInjector.inject(inst, agentJar);
        AgentInstaller.install(args, inst, agentJar, attached, injectionNote);
    }
}

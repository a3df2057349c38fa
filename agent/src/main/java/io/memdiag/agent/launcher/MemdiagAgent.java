package io.memdiag.agent.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;

/**
 * Entry points of the agent jar: {@code premain} (-javaagent), {@code agentmain} (dynamic
 * attach) and {@code main} (the command-line tool). Deliberately tiny and dependency-free: it
 * is loaded by the host's system class loader, so it only puts the bridge on the bootstrap
 * class path, builds the isolated loader and hands over to the engine inside it.
 */
public final class MemdiagAgent {

    private static final String CLI = "io.memdiag.agent.cli.Cli";

    private MemdiagAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    public static void main(String[] args) throws Exception {
        try {
            // the command line needs the Attach API (jdk.attach, in the application class loader);
            // this JVM is the tool's own, so there is no host to hide from
            Method main = new AgentClassLoader(agentJar(), ClassLoader.getSystemClassLoader()).loadClass(CLI)
                    .getMethod("main", String[].class);
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            File jar = agentJar();
            ClassLoader engine = engineLoader(jar);
            EngineEntry entry = engine.loadClass(EngineEntry.IMPLEMENTATION).asSubclass(EngineEntry.class)
                    .getDeclaredConstructor().newInstance();
            entry.start(args, inst, jar, attached);
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            // The one place the agent may speak on the host's stderr besides its start line:
            // it could not start, and the operator must know reports will not come.
            if (args != null && args.startsWith("command=")) {
                System.err.println("memdiag: " + args.substring("command=".length()) + " failed: " + cause);
            } else {
                System.err.println("memdiag: the agent could not start and is disabled; the application runs on: " + cause);
            }
        }
    }

    private static ClassLoader engineLoader(File jar) throws Exception {
        return new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
    }

    private static File agentJar() throws URISyntaxException {
        return new File(MemdiagAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}

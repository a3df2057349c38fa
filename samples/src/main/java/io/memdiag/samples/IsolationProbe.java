package io.memdiag.samples;

import java.lang.reflect.Method;

/**
 * Run as the host application under the agent: reports which of the agent's private classes
 * the host can load, and what Logback configuration the host itself ended up with.
 * Output lines: {@code load <class> hidden|visible} and {@code host-logback <detail>}.
 *
 * <p>Uses reflection only, so it runs with or without Logback on the host's class path.
 */
public final class IsolationProbe {

    static final String[] AGENT_PRIVATE = {
        "net.bytebuddy.jar.asm.ClassReader",
        "net.bytebuddy.jar.asm.ClassWriter",
        "org.slf4j.LoggerFactory",
        "ch.qos.logback.classic.LoggerContext",
        "io.memdiag.core.engine.MemdiagEngine",
        "io.memdiag.agent.AgentInstaller",
    };

    private IsolationProbe() {
    }

    public static void main(String[] args) throws Exception {
        // The agent installs its instrumentation in the background; probe after it is done,
        // so anything it might leak onto the host's class path would already be there.
        Thread.sleep(1500);
        ClassLoader host = ClassLoader.getSystemClassLoader();
        for (String name : AGENT_PRIVATE) {
            String state;
            try {
                Class<?> c = Class.forName(name, false, host);
                state = "visible from " + c.getProtectionDomain().getCodeSource();
            } catch (ClassNotFoundException e) {
                state = "hidden";
            }
            System.out.println("load " + name + " " + state);
        }
        if (args.length > 0 && args[0].equals("--log")) {
            // The host's own Logback, configured by the host's own logback.xml.
            Class<?> factory = Class.forName("org.slf4j.LoggerFactory");
            Object logger = factory.getMethod("getLogger", String.class).invoke(null, "host.app");
            Method info = logger.getClass().getMethod("info", String.class);
            info.invoke(logger, "host message from the application");
            Object context = factory.getMethod("getILoggerFactory").invoke(null);
            Object root = context.getClass().getMethod("getLogger", String.class).invoke(context, "ROOT");
            Object appenders = root.getClass().getMethod("iteratorForAppenders").invoke(root);
            StringBuilder names = new StringBuilder();
            java.util.Iterator<?> it = (java.util.Iterator<?>) appenders;
            while (it.hasNext()) {
                Object a = it.next();
                names.append(a.getClass().getMethod("getName").invoke(a)).append(' ');
            }
            System.out.println("host-logback appenders " + names.toString().trim());
            System.out.println("host-logback context " + context.getClass().getMethod("getName").invoke(context));
        }
    }
}

package io.memdiag.agent.cli;

import io.memdiag.core.options.AgentOptions;

/**
 * {@code java -jar memdiag-agent.jar <command>}: {@code help}, {@code --version}, {@code list},
 * {@code attach}, {@code report} and {@code stop}.
 */
public final class Cli {

    private Cli() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        switch (command) {
            case "help":
            case "--help":
            case "-h":
                System.out.println(usage());
                break;
            case "--version":
            case "version":
                System.out.println("memdiag " + version());
                break;
            case "list":
                System.exit(attach().list());
                break;
            case "attach":
                System.exit(needsPid(args, " [key=value,...]") ? attach().attach(args[1], args.length > 2 ? args[2] : "") : 2);
                break;
            case "stop":
                System.exit(needsPid(args, "") ? attach().stop(args[1]) : 2);
                break;
            case "report":
                System.exit(needsPid(args, "") ? attach().report(args[1]) : 2);
                break;
            default:
                System.err.println("memdiag: unknown command '" + command + "'\n" + usage());
                System.exit(2);
        }
    }

    /** False, after saying so, when the command's process id is missing. */
    private static boolean needsPid(String[] args, String rest) {
        if (args.length >= 2) {
            return true;
        }
        System.err.println("memdiag: " + args[0] + " needs a process id: " + args[0] + " <pid>" + rest);
        return false;
    }

    private static io.memdiag.agent.attach.AttachCommands attach() {
        return new io.memdiag.agent.attach.AttachCommands(System.out, System.err, agentJar());
    }

    private static java.io.File agentJar() {
        try {
            return new java.io.File(Class.forName("io.memdiag.agent.launcher.MemdiagAgent", false, ClassLoader.getSystemClassLoader())
                    .getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot find the agent jar", e);
        }
    }

    public static String version() {
        try (java.io.InputStream in = Cli.class.getResourceAsStream("version.txt")) {
            return in == null ? "dev" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (java.io.IOException e) {
            return "dev";
        }
    }

    static String usage() {
        return "usage: java -jar memdiag-agent.jar help | --version | list | attach <pid> [key=value,...] | report <pid> | stop <pid>\n"
                + "       java -javaagent:memdiag-agent.jar[=key=value,...] ...\n"
                + "options:\n" + AgentOptions.describe();
    }
}

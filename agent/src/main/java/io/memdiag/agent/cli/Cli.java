package io.memdiag.agent.cli;

import io.memdiag.core.options.AgentOptions;

/**
 * {@code java -jar memdiag-agent.jar <command>}. This release knows {@code help} and
 * {@code --version}; {@code list}, {@code attach}, {@code report} and {@code stop} come with
 * dynamic attach.
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
            default:
                System.err.println("memdiag: unknown command '" + command + "'\n" + usage());
                System.exit(2);
        }
    }

    static String version() {
        try (java.io.InputStream in = Cli.class.getResourceAsStream("version.txt")) {
            return in == null ? "dev" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (java.io.IOException e) {
            return "dev";
        }
    }

    static String usage() {
        return "usage: java -jar memdiag-agent.jar help | --version\n"
                + "       java -javaagent:memdiag-agent.jar[=key=value,...] ...\n"
                + "options:\n" + AgentOptions.describe();
    }
}

package io.memdiag.agent;

/**
 * What an attach costs the target's compiled code, said in the report on the JDKs where it is
 * large.
 *
 * <p>HotSpot records which compiled methods depend on which others' bytecode (its "evol"
 * dependencies) only once an agent that may redefine classes exists. Before JDK 23, a JVM started
 * without such an agent has recorded none, so at its first class retransformation (memdiag's
 * hooks going in after an attach) it cannot tell which compiled code used the changed classes and
 * discards all of it; the JIT compiles the hot code again. On Rhino under JDK 17 that was 6.2 s of
 * compiler threads' CPU and one repetition twice as long (src/site/markdown/performance.md, "Attach
 * to a running JVM"). JDK 23 records the dependencies always (JDK-8324241) and discards only what
 * used the changed classes. A {@code -javaagent} start takes the capability before anything is
 * compiled, on every JDK, so the note is for attaches only.
 */
final class RecompileAtAttach {

    /** The first feature release that records the dependencies from the start. */
    static final int RECORDED_FROM = 23;

    private RecompileAtAttach() {
    }

    /** The note for an attach to a JVM of this feature release, or null where there is nothing to say. */
    static String note(int feature) {
        if (feature >= RECORDED_FROM) {
            return null;
        }
        return "attach: JDK " + feature + " discards all of a JVM's compiled code at its first class retransformation"
                + " (these hooks), unless an agent able to retransform classes was loaded at its start, and compiles the hot"
                + " code again in the seconds after: extra compiler CPU, slower code meanwhile; JDK " + RECORDED_FROM
                + " and later discard only the code that used the changed classes (JDK-8324241), and -javaagent at start"
                + " avoids it on any JDK";
    }
}

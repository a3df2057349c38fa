package io.memdiag.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecompileAtAttachTest {

    @Test
    void beforeJdk23TheNoteNamesTheJdkTheCostAndTheWayAround() {
        String note = RecompileAtAttach.note(17);
        assertTrue(note.startsWith("attach: JDK 17 discards all of a JVM's compiled code at its first class retransformation"), note);
        assertTrue(note.contains("JDK-8324241") && note.contains("-javaagent at start"), note);
        assertTrue(RecompileAtAttach.note(22).startsWith("attach: JDK 22 "));
    }

    @Test
    void fromJdk23ThereIsNothingToSay() {
        assertNull(RecompileAtAttach.note(23));
        assertNull(RecompileAtAttach.note(25));
    }
}

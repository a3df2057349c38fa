package io.memdiag.core.collect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class GcVocabularyTest {

    @Test
    void equalWordsShareOneInstance() {
        GcVocabulary v = new GcVocabulary();
        String first = v.canonical(new String("end of minor GC"));
        assertSame(first, v.canonical(new String("end of minor GC")));
        assertNull(v.canonical(null));
    }

    @Test
    void pastTheCapAWordIsKeptAsItCame() {
        GcVocabulary v = new GcVocabulary();
        for (int i = 0; i < GcVocabulary.MAX_WORDS + 10; i++) {
            v.canonical("cause " + i);
        }
        assertEquals(GcVocabulary.MAX_WORDS, v.size());
        String late = new String("cause " + (GcVocabulary.MAX_WORDS + 5));
        assertSame(late, v.canonical(late));
    }
}

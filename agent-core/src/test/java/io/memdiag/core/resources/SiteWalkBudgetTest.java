package io.memdiag.core.resources;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiteWalkBudgetTest {

    private static final long SECOND = 1_000_000_000L;

    /** Opens spread over one second starting at {@code start}: how many may walk. */
    private static int walks(SiteWalkBudget budget, long start, int opens) {
        int walks = 0;
        for (int i = 0; i < opens; i++) {
            if (budget.mayWalk(start + i * (SECOND / opens))) {
                walks++;
            }
        }
        return walks;
    }

    @Test
    void belowHalfTheBudgetEveryOpenIsLookedUp() {
        SiteWalkBudget budget = new SiteWalkBudget(100);
        for (int second = 0; second < 5; second++) {
            assertEquals(40, walks(budget, 1_000 + second * SECOND, 40), "second " + second);
        }
    }

    @Test
    void theBudgetCapsTheLookupsOfASecondEvenBeforeTheRateIsKnown() {
        SiteWalkBudget budget = new SiteWalkBudget(10);
        assertEquals(10, walks(budget, 1_000, 1_000));
    }

    @Test
    void aBusySecondSamplesTheNextAtRandomToAboutHalfTheBudget() {
        SiteWalkBudget budget = new SiteWalkBudget(100);
        walks(budget, 1_000, 10_000);
        int next = walks(budget, 1_000 + SECOND, 10_000);
        // one in 200 of 10,000: 50 expected, a binomial spread of about 7
        assertTrue(next >= 20 && next <= 90, "about half the budget: " + next);
        walks(budget, 1_000 + 2 * SECOND, 10);
        assertEquals(10, walks(budget, 1_000 + 3 * SECOND, 10), "after a quiet second every open is looked up again");
    }

    @Test
    void theStrideUsesHalfTheBudgetAtTheRateSeen() {
        assertEquals(1, SiteWalkBudget.stride(50, 100));
        assertEquals(2, SiteWalkBudget.stride(51, 100));
        assertEquals(12, SiteWalkBudget.stride(600, 100), "ECJ on JDK 17 opens about 600 files a second");
        assertEquals(2, SiteWalkBudget.stride(2, 1), "a budget of one: half of it rounds up to one");
    }

    @Test
    void aBudgetBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SiteWalkBudget(0));
    }
}

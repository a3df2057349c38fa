package io.memdiag.core.collect;

import io.memdiag.core.model.ProcessMemory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pure parsers on text in the kernel's own layout (tabs, padded kB columns). */
class ProcParsersTest {

    private static final long KB = 1024;

    @Test
    void statusValuesAreKilobytesTurnedIntoBytes() {
        String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmHWM:\t  400000 kB\nVmRSS:\t  350000 kB\n"
                + "RssAnon:\t  300000 kB\nRssFile:\t   49000 kB\nRssShmem:\t    1000 kB\nVmSwap:\t       0 kB\n";
        ProcessMemory m = ProcParsers.processMemory(status, "Rss:  360000 kB\nPss:  340000 kB\nPss_Anon: 300000 kB\n");
        assertEquals(new ProcessMemory(350_000 * KB, 300_000 * KB, 49_000 * KB, 1_000 * KB, 0, 400_000 * KB,
                340_000 * KB), m);
    }

    @Test
    void aKernelBefore45HasNoRssSplit() {
        ProcessMemory m = ProcParsers.processMemory("VmHWM:\t 2000 kB\nVmRSS:\t 1500 kB\nVmSwap:\t 0 kB\n", null);
        assertEquals(1500 * KB, m.rss());
        assertEquals(ProcessMemory.UNKNOWN, m.rssAnon());
        assertEquals(ProcessMemory.UNKNOWN, m.rssFile());
        assertEquals(ProcessMemory.UNKNOWN, m.pss(), "no smaps_rollup given");
    }

    @Test
    void openFilesSoftLimit() {
        String limits = "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max processes             96365                96365                processes \n"
                + "Max open files            1024                 524288               files     \n";
        assertEquals(1024, ProcParsers.openFilesSoftLimit(limits), "the soft limit, not the hard one");
        assertEquals(Long.MAX_VALUE,
                ProcParsers.openFilesSoftLimit("Max open files            unlimited            unlimited            files\n"));
        assertEquals(-1, ProcParsers.openFilesSoftLimit("Max processes  10  10  processes\n"));
        assertEquals(-1, ProcParsers.openFilesSoftLimit("Max open files   lots   lots   files\n"));
    }
}

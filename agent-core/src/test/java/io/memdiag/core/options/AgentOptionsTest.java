package io.memdiag.core.options;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentOptionsTest {

    @Test
    void defaultsWhenNothingGiven() {
        AgentOptions o = AgentOptions.parse(null);
        assertEquals(Duration.ofSeconds(60), o.reportInterval());
        assertEquals(Duration.ofSeconds(1), o.sampleInterval());
        assertEquals(Paths.get("").toAbsolutePath(), o.reportDir());
        assertEquals(1024, o.ringCapacity(), "only thread starts pass through the ring");
        assertTrue(o.errors().isEmpty());
    }

    @Test
    void theRingIsLargerWhenAllocationSamplesPassThroughIt() {
        assertEquals(4096, AgentOptions.parse("alloc=on").ringCapacity());
        assertEquals(256, AgentOptions.parse("alloc=on,ring.capacity=256").ringCapacity(), "a given capacity stands");
    }

    @Test
    void parsesEveryOption() {
        AgentOptions o = AgentOptions.parse(
                "report.dir=/var/tmp/md, report.interval=5m,sample.interval=250ms,ring.capacity=1024,history.samples=100,log.max.size=2MB");
        assertEquals(Paths.get("/var/tmp/md"), o.reportDir());
        assertEquals(Duration.ofMinutes(5), o.reportInterval());
        assertEquals(Duration.ofMillis(250), o.sampleInterval());
        assertEquals(1024, o.ringCapacity());
        assertEquals(100, o.historySamples());
        assertEquals(2L * 1024 * 1024, o.logMaxSize());
        assertTrue(o.errors().isEmpty(), o.errors().toString());
    }

    @Test
    void theSamplersCodeIsKeptFromC2UnlessAskedOtherwise() {
        assertFalse(AgentOptions.parse(null).samplerC2());
        assertTrue(AgentOptions.parse("sampler.c2=on").samplerC2());
        AgentOptions bad = AgentOptions.parse("sampler.c2=c1");
        assertFalse(bad.samplerC2(), "the default stands");
        assertEquals("option sampler.c2=c1 must be on or off", bad.errors().get(0).getMessage());
    }

    @Test
    void unknownKeyIsNamedAndTheRestStillApplies() {
        AgentOptions o = AgentOptions.parse("report.interval=2s,reprot.dir=/x");
        assertEquals(1, o.errors().size());
        assertEquals("reprot.dir", o.errors().get(0).key());
        assertTrue(o.errors().get(0).getMessage().startsWith("unknown option 'reprot.dir'; known options: report.dir,"));
        assertEquals(Duration.ofSeconds(2), o.reportInterval());
    }

    @Test
    void malformedDurationKeepsTheDefaultAndSaysWhy() {
        AgentOptions o = AgentOptions.parse("sample.interval=fast,report.interval=10x,report.interval=5ms");
        assertEquals(3, o.errors().size());
        assertEquals("option sample.interval: 'fast' is not a duration; use a number with ms, s, m or h, e.g. 500ms, 60s, 5m",
                o.errors().get(0).getMessage());
        assertTrue(o.errors().get(1).getMessage().contains("unknown unit 'x'"));
        assertTrue(o.errors().get(2).getMessage().contains("too short"));
        assertEquals(Duration.ofSeconds(1), o.sampleInterval());
        assertEquals(Duration.ofSeconds(60), o.reportInterval());
    }

    @Test
    void missingValueAndBadNumbersAreRejected() {
        AgentOptions o = AgentOptions.parse("report.dir,ring.capacity=lots,ring.capacity=3,log.max.size=-1MB");
        assertEquals(4, o.errors().size(), o.errors().toString());
        assertTrue(o.errors().get(0).getMessage().contains("needs a value"));
        assertTrue(o.errors().get(1).getMessage().contains("not a whole number"));
        assertTrue(o.errors().get(2).getMessage().contains("out of range"));
        assertTrue(o.errors().get(3).getMessage().contains("not a size"));
    }

    @Test
    void theSiteWalkBudgetIsAWholeNumberOfAtLeastOne() {
        assertEquals(100, AgentOptions.parse("").resourcesWalks());
        assertEquals(1_000_000, AgentOptions.parse("resources.walks=1000000").resourcesWalks());
        AgentOptions bad = AgentOptions.parse("resources.walks=0,resources.walks=50/s");
        assertEquals(2, bad.errors().size(), bad.errors().toString());
        assertEquals("option resources.walks=0 is out of range 1..10000000", bad.errors().get(0).getMessage());
        assertEquals("option resources.walks=50/s is not a whole number", bad.errors().get(1).getMessage());
        assertEquals(100, bad.resourcesWalks(), "rejected values keep the default");
    }

    @Test
    void trackedTypesAreValidatedPackageOrClassNames() {
        AgentOptions ok = AgentOptions.parse("resources.track=org.h2.jdbc; com.zaxxer.hikari.HikariDataSource");
        assertEquals(java.util.List.of("org.h2.jdbc", "com.zaxxer.hikari.HikariDataSource"), ok.resourcesTrack());
        AgentOptions bad = AgentOptions.parse("resources.track=org.h2.jdbc;not a package,resources=maybe");
        assertEquals(2, bad.errors().size(), bad.errors().toString());
        assertTrue(bad.errors().get(0).getMessage().contains("'not a package' is not a package or class name"));
        assertTrue(bad.errors().get(1).getMessage().contains("must be on or off"));
        assertTrue(bad.resourcesTrack().isEmpty() && bad.resources(), "rejected values keep the defaults");
        assertTrue(AgentOptions.parse("resources.track=java.sql").errors().get(0).getMessage().contains("cannot be tracked"));
    }

    @Test
    void allocationOptions() {
        AgentOptions o = AgentOptions.parse("alloc.rate=64k,alloc.throttle=300,alloc.include=com.acme;org.shop.Cart,"
                + "alloc.exclude=com.acme.generated,alloc.live.max=1024,alloc.stack.depth=12");
        assertTrue(o.errors().isEmpty(), o.errors().toString());
        assertEquals(64 * 1024, o.allocRate());
        assertEquals(300, o.allocThrottle());
        assertEquals(java.util.List.of("com.acme", "org.shop.Cart"), o.allocInclude());
        assertEquals(java.util.List.of("com.acme.generated"), o.allocExclude());
        assertEquals(1024, o.allocLiveMax());
        assertEquals(12, o.allocStackDepth());
        assertFalse(AgentOptions.defaults().alloc(), "allocation sampling is opt-in: it defeats escape analysis");
        assertEquals(512 * 1024, AgentOptions.defaults().allocRate());
        assertEquals(2L * 1024 * 1024, AgentOptions.parse("log.max.size=2m").logMaxSize(), "k, m, g without the B too");
        AgentOptions bad = AgentOptions.parse("alloc.rate=fast,alloc.rate=10,alloc=sometimes,alloc.include=java.util");
        assertEquals(4, bad.errors().size(), bad.errors().toString());
        assertTrue(bad.errors().get(0).getMessage().contains("not a size"));
        assertTrue(bad.errors().get(1).getMessage().contains("out of range 1k..1g"));
        assertTrue(bad.errors().get(2).getMessage().contains("must be on or off"));
        assertTrue(bad.errors().get(3).getMessage().contains("cannot be instrumented"));
        assertEquals(512 * 1024, bad.allocRate(), "rejected values keep the default");
        assertTrue(AgentOptions.parse("alloc.exclude=java.util").errors().isEmpty(), "excluding the JDK is harmless");
    }

    @Test
    void durationsRoundTrip() {
        assertEquals(Duration.ofHours(2), Durations.parse("2h"));
        assertEquals("2h", Durations.format(Duration.ofHours(2)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("99999999999999999999s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5s"));
    }

    @Test
    void describeListsEveryOption() {
        String table = AgentOptions.describe();
        for (AgentOptions.Option option : AgentOptions.OPTIONS) {
            assertTrue(table.contains(option.key()), option.key());
        }
    }

    @Test
    void aSecondAttachSaysWhichOptionsApplyWhileRunning() {
        assertEquals("applied report.interval=10s, sample.interval=200ms", AgentOptions.parse("report.interval=10s,sample.interval=200ms").changeWhileRunning());
        assertEquals("applied report.interval=10s; not while running (stop, then attach with them): alloc=on, alloc.rate=64k",
                AgentOptions.parse("report.interval=10s,alloc=on,alloc.rate=64k").changeWhileRunning());
        assertEquals("no option changed; not while running (stop, then attach with them): resources=off",
                AgentOptions.parse("resources=off").changeWhileRunning());
        assertEquals("no option changed", AgentOptions.parse("bogus=1").changeWhileRunning(), "a rejected option is an error, not a change");
    }
}

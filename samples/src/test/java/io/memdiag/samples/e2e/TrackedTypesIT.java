package io.memdiag.samples.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.fastOptions;
import static io.memdiag.samples.e2e.ChildJvm.object;
import static io.memdiag.samples.e2e.ChildJvm.verdictKinds;
import static io.memdiag.samples.e2e.ChildJvm.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** resources.track: a driver's AutoCloseable types, leaked by the application, named at the application's code. */
class TrackedTypesIT {

    @Test
    @SuppressWarnings("unchecked")
    void jdbcShapedStatementsAndResultSetsLeakedAreNamedAtTheCallerNotTheDriver() throws Exception {
        ChildJvm.Run run = ChildJvm.run("tracked-types",
                fastOptions(dir("tracked-types")) + ",resources.track=io.memdiag.samples.fakejdbc",
                List.of("-Xmx64m"), List.of(), "io.memdiag.samples.LeakyJdbc", "5");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> last = run.lastReport();
        Map<String, Object> v = verdicts(last).stream().filter(x -> "RESOURCE_LEAK".equals(x.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError(last.get("verdicts") + run.describe()));
        List<String> sites = (List<String>) v.get("sites");
        assertEquals(2, sites.size(), sites.toString());
        for (String site : sites) {
            assertTrue(site.startsWith("io.memdiag.samples.LeakyJdbc.countRows("), "the caller, not the driver: " + site);
        }
        long properly = 0;
        for (Map<String, Object> site : (List<Map<String, Object>>) object(last, "resources").get("sites")) {
            String frame = (String) site.get("site");
            assertFalse(frame.startsWith("io.memdiag.samples.fakejdbc."), "driver frames are never the site: " + site);
            if (frame.startsWith("io.memdiag.samples.LeakyJdbc.countRowsProperly(")) {
                assertEquals(0L, site.get("collectedUnclosed"), site.toString());
                assertEquals(site.get("opened"), site.get("closed"), "closed by try-with-resources: " + site);
                properly++;
            }
            if ("io.memdiag.samples.fakejdbc.FakeResultSet".equals(site.get("example"))) {
                // FakeResultSet's constructor and its base class's both run: one object, one open
                assertTrue(((Number) site.get("opened")).longValue() > 0, site.toString());
            }
        }
        assertEquals(2, properly, "statement and result set of the well-behaved method");
    }

    @Test
    void withoutTheOptionNothingOfTheDriverIsTracked() throws Exception {
        ChildJvm.Run run = ChildJvm.run("untracked-types", fastOptions(dir("untracked-types")),
                List.of("-Xmx64m"), List.of(), "io.memdiag.samples.LeakyJdbc", "2");
        assertEquals(0, run.exitCode(), run.describe());
        assertFalse(verdictKinds(run.lastReport()).contains("RESOURCE_LEAK"), String.valueOf(run.lastReport().get("verdicts")));
    }
}

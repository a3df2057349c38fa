package io.memdiag.bootstrap;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A hook's rare path (taking a sample, measuring a site's first object), which the JIT must not
 * inline into the application's methods. Its callers are inlined into every allocation site, and
 * HotSpot inlines a callee whose call counts look frequent; those counts are shared by all sites,
 * so a path taken rarely at each site looked hot, and tens of bytes of it were inlined into
 * every compiled method that allocates, spending the budget (bytecodes and nodes per
 * compilation) that the application's own calls then lacked.
 *
 * <p>Also what a resource or thread hook delivers to the agent: a file open or a thread start
 * costs microseconds, so a real call costs nothing there, while the inlined delivery (guard,
 * publish, tracker) made every compilation around such a call larger, and the C library keeps
 * the compiler's peak memory.
 *
 * <p>{@code io.memdiag.agent.BootstrapInjector} marks such methods with HotSpot's own
 * {@code jdk.internal.vm.annotation.DontInline} while it defines the bridge in the boot class
 * loader, the only place HotSpot honours that annotation; compiled code never sees this one.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ColdPath {
}

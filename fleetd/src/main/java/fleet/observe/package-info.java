/**
 * What the ports' observers share: {@link fleet.observe.Timing}. The observers themselves are
 * declared beside the code they watch (the engine's, the agent's, the registry's, the API's) and
 * implemented with Micrometer in {@code fleet.metrics}, so nothing below the daemon's wiring
 * depends on a metrics library.
 */
package fleet.observe;

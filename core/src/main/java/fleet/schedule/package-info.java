/**
 * The scheduler: a {@link fleet.schedule.ClusterSnapshot} in, a {@link fleet.schedule.Plan} of
 * {@link fleet.schedule.Decision}s out, each with its reason. Pure; no I/O.
 *
 * <p>How it stays fast at thousands of machines: the snapshot is copied once into a
 * {@code ClusterState} of mutable per-machine slots that index their units (by the
 * Conflicts/Replaces patterns that match them and the patterns they declare), so a conflict check
 * is a few hash lookups. Machines with identical metadata form a class and a MachineMetadata
 * requirement is decided once per class. Each class keeps its machines sorted by the strategy's
 * key ((load, ID) for SPREAD; (free memory, free CPU, -load, ID) for BINPACK), and units with
 * resource requests walk a second set per request shape that holds only machines the shape fits.
 * Glob matches are cached per unit name, and patterns are filed by their literal prefix.
 * A pass given the previous pass's {@link fleet.schedule.PlanMemo} takes over its state and checks
 * only the units that changed, the machines they touch and their MachineOf followers; the plan is
 * the one a pass from scratch makes. {@code SchedulerBench} (module bench) measures it.
 */
package fleet.schedule;

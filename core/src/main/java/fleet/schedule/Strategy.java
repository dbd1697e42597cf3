package fleet.schedule;

/** How to choose among the machines where a unit may run. */
public enum Strategy {
    /** The least-loaded machine (units, including global units it runs); ties by machine ID. fleet's. */
    SPREAD,
    /** The fullest machine the unit still fits on (least free memory, then CPU), Docker Swarm style. */
    BINPACK,
    /** A uniformly random machine among those where it may run, from a seeded generator. */
    RANDOM
}

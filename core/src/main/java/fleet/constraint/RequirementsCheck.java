package fleet.constraint;

/** fleet's refusal of requirements that can never be met together, with fleet's exact messages. */
final class RequirementsCheck {
    private RequirementsCheck() {}

    static void check(Requirements r) throws InvalidRequirementsException {
        boolean machineId = r.machineId().isPresent();
        boolean peers = !r.machineOf().isEmpty();
        boolean conflicts = !r.conflicts().isEmpty();
        boolean replaces = !r.replaces().isEmpty();
        refuse(machineId && peers, "MachineID cannot be used with Peers");
        refuse(machineId && conflicts, "MachineID cannot be used with Conflicts");
        refuse(machineId && r.global(), "MachineID cannot be used with Global");
        refuse(machineId && replaces, "MachineID cannot be used with Replaces");
        refuse(r.global() && peers, "Global cannot be used with Peers");
        refuse(r.global() && replaces, "Global cannot be used with Replaces");
        refuse(conflicts && replaces, "Conflicts cannot be used with Replaces");
        refuse(r.global() && r.atMostOneCopy(), "Global cannot be used with AtMostOneCopy");
        refuse(r.global() && r.rescheduleOnFailure().isPresent(), "Global cannot be used with RescheduleOnFailure");
        refuse(r.global() && r.batch(), "Global cannot be used with Batch");
        for (String peer : r.machineOf()) {
            for (String conflict : r.conflicts()) {
                refuse(Glob.matches(conflict, peer), "unresolvable requirements: peer " + goQuote(peer)
                        + " matches conflict " + goQuote(conflict));
            }
            for (String replace : r.replaces()) {
                refuse(Glob.matches(replace, peer), "unresolvable requirements: peer " + goQuote(peer)
                        + " matches replace " + goQuote(replace));
            }
        }
    }

    private static void refuse(boolean invalid, String message) throws InvalidRequirementsException {
        if (invalid) {
            throw new InvalidRequirementsException(message);
        }
    }

    /** Go's %q for the printable text a unit file can hold: quotes, with '"' and '\' escaped. */
    static String goQuote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

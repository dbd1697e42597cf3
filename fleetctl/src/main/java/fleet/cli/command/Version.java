package fleet.cli.command;

/** fleetctl's version, from the jar manifest (Implementation-Version). */
final class Version implements picocli.CommandLine.IVersionProvider {
    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "unknown (not run from the fleetctl jar)" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"fleetctl version " + current()};
    }
}

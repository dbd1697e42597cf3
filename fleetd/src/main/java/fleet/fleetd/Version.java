package fleet.fleetd;

/** fleetd's version, from the jar manifest (a development build says so). */
public final class Version {
    private Version() {}

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}

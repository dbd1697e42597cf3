package fleet.cli.output;

/** How fleetctl names a machine in a table: {@code 113f16a7.../172.17.8.103}, or the full ID with --full. */
public final class MachineLegend {
    static final int SHORT_ID = 8;

    private MachineLegend() {}

    /** The ID alone: the first 8 characters and "..." unless {@code full}. */
    public static String id(String machineID, boolean full) {
        if (machineID == null || machineID.isEmpty()) {
            return "";
        }
        if (full) {
            return machineID;
        }
        return (machineID.length() <= SHORT_ID ? machineID : machineID.substring(0, SHORT_ID)) + "...";
    }

    /** The ID followed by "/" and the machine's IP when it is known. */
    public static String withIp(String machineID, String ip, boolean full) {
        String id = id(machineID, full);
        return ip == null || ip.isEmpty() || id.isEmpty() ? id : id + "/" + ip;
    }
}

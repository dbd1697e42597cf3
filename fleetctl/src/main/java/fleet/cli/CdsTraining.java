package fleet.cli;

import fleet.cli.api.FleetApi;
import fleet.cli.api.FleetApiException;
import fleet.cli.api.WireJson;
import fleet.cli.command.Session;
import fleet.schema.MachineEntity;
import fleet.schema.UnitEntity;
import fleet.schema.UnitStateEntity;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * A training run for the AppCDS archive bin/fleetctl writes on first use: it loads the classes a real
 * run needs (picocli, the wire types' JSON, tables, the HTTP client; Jackson for -o json) without needing a server.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        String units = "{\"units\":[{\"name\":\"a.service\",\"options\":[{\"section\":\"Service\",\"name\":"
                + "\"ExecStart\",\"value\":\"/bin/true\"}],\"desiredState\":\"launched\",\"currentState\":"
                + "\"launched\",\"machineID\":\"m1\",\"reasons\":{\"machines\":{\"m1\":\"x\"},\"summary\":\"y\"}}]}";
        UnitEntity unit = WireJson.unitPage(units.getBytes(java.nio.charset.StandardCharsets.UTF_8)).units().get(0);
        WireJson.putBody(unit);
        fleet.cli.api.UnitEntities.file(unit).hash(); // the JDK's digest and its security providers
        FleetApi fake = new TrainingApi(unit);
        Session session = new Session(sink, sink, false, g -> fake);
        for (String[] run : List.of(new String[] {"--help"}, new String[] {"list-units"},
                new String[] {"list-unit-files", "-o", "json"}, new String[] {"list-machines"},
                new String[] {"bogus"})) {
            Main.run(run, Map.of(), session);
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("fleetctl-training");
        try {
            overHttp(TrainingServer.start(), dir);
            // the default endpoint is a unix socket: its channel, selector and provider lookup too
            overHttp(TrainingServer.startUnix(dir.resolve("fleet.sock")), dir);
        } finally {
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path f : files.toList()) {
                    java.nio.file.Files.delete(f);
                }
            }
            java.nio.file.Files.delete(dir);
        }
        for (String unreachable : List.of("http://127.0.0.1:1", "unix:///nonexistent/fleet.sock")) {
            Main.run(new String[] {"--endpoint", unreachable, "list-units"}, Map.of(), Main.processSession(sink, sink, false));
        }
    }

    /** The commands users run most, over HTTP against {@link TrainingServer}, each in a session of its own. */
    private static void overHttp(String endpoint, java.nio.file.Path dir) throws java.io.IOException {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        List<String> start = new java.util.ArrayList<>(List.of("--endpoint", endpoint, "start", "--no-block"));
        for (int i = 0; i < 20; i++) {
            start.add(unitFile(dir, "new-" + i + ".service"));
        }
        for (List<String> run : List.of(List.of("--endpoint", endpoint, "list-units"),
                List.of("--endpoint", endpoint, "list-machines"), List.of("--endpoint", endpoint, "list-unit-files"),
                start, List.of("--endpoint", endpoint, "start", unitFile(dir, "blocking.service")))) {
            Main.run(run.toArray(String[]::new), Map.of(), Main.processSession(sink, sink, false));
        }
    }

    private static String unitFile(java.nio.file.Path dir, String name) throws java.io.IOException {
        return java.nio.file.Files.writeString(dir.resolve(name), "[Service]\nExecStart=/bin/sleep 1d\n").toString();
    }

    private record TrainingApi(UnitEntity unit) implements FleetApi {
        @Override
        public List<UnitEntity> listUnits() {
            return List.of(unit);
        }

        @Override
        public java.util.Optional<UnitEntity> getUnit(String name) {
            return java.util.Optional.of(unit);
        }

        @Override
        public void putUnit(String name, List<fleet.unit.UnitOption> options, fleet.unit.DesiredState state) {
            throw new FleetApiException(0, "training");
        }

        @Override
        public boolean deleteUnit(String name) {
            return false;
        }

        @Override
        public List<UnitStateEntity> listStates(String machineID, String unitName) {
            return List.of(new UnitStateEntity("a.service", "0123456789", "m1", "loaded", "active", "running", null));
        }

        @Override
        public List<MachineEntity> listMachines() {
            return List.of(new MachineEntity("m1", "10.0.0.1", Map.of("a", "b")));
        }

        @Override
        public fleet.cli.api.UnitStatus unitStatus(String name) {
            return new fleet.cli.api.UnitStatus("", 0);
        }

        @Override
        public void journal(String name, int lines, boolean follow, OutputStream out) {
            // nothing to train
        }
    }
}

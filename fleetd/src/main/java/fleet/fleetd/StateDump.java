package fleet.fleetd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fleet.registry.MachineInfo;

/**
 * SIGUSR1's answer: what this fleetd is doing, as one JSON object (fleet dumped its agent and
 * publisher state the same way). Built from values the daemon's parts already expose.
 *
 * @param machine    this machine as registered, or empty before registration
 * @param lease      the presence lease, or 0 before registration
 * @param engine     the engine leadership state (LEADER, CAMPAIGNING, ...), or "not started"
 * @param lastPass   when the agent last finished a reconcile pass
 * @param unitFiles  the unit files the agent has written for systemd (its units directory)
 */
record StateDump(Optional<MachineInfo> machine, long lease, String engine, Optional<Instant> lastPass,
        List<String> unitFiles) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The names of the files in the agent's units directory, sorted; empty when it does not exist. */
    static List<String> unitFilesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of("cannot list " + dir + ": " + e.getMessage());
        }
    }

    String toJson() {
        ObjectNode o = JSON.createObjectNode();
        machine.ifPresent(m -> o.put("machineID", m.id()).put("publicIP", m.publicIP())
                .putPOJO("metadata", m.metadata()));
        o.put("lease", Long.toHexString(lease));
        o.put("engine", engine);
        o.put("agentLastPass", lastPass.map(Instant::toString).orElse(null));
        o.putPOJO("unitFiles", unitFiles);
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            return "{\"error\":\"" + e.getOriginalMessage() + "\"}";
        }
    }
}

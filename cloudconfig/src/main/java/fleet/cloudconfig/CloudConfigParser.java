package fleet.cloudconfig;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a CoreOS-style {@code #cloud-config} document. Supported: {@code hostname},
 * {@code write_files}, {@code coreos.fleet}, {@code coreos.etcd2}, {@code coreos.units}. Every other
 * key is refused by name, including harmless ones such as {@code ssh_authorized_keys}: a host that
 * silently skips part of its user data is worse than one that does not boot.
 */
public final class CloudConfigParser {
    public static final String HEADER = "#cloud-config";
    private static final Set<String> TOP = Set.of("hostname", "write_files", "coreos");
    private static final Set<String> COREOS = Set.of("fleet", "etcd2", "units");
    private static final Set<String> FILE_KEYS = Set.of("path", "content", "permissions", "owner", "encoding");
    private static final Set<String> UNIT_KEYS = Set.of("name", "content", "enable", "runtime", "command", "drop_ins");
    private static final Set<String> DROP_IN_KEYS = Set.of("name", "content");
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final Placeholders placeholders;

    public CloudConfigParser(Placeholders placeholders) {
        this.placeholders = placeholders;
    }

    public CloudConfig parse(String text) {
        String first = text.lines().findFirst().orElse("").strip();
        if (!first.equals(HEADER)) {
            throw new CloudConfigException("the first line must be '" + HEADER + "' (got '" + first + "')");
        }
        JsonNode root;
        try {
            root = YAML.readTree(placeholders.substitute(text));
        } catch (JsonProcessingException e) {
            throw new CloudConfigException("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new CloudConfig(Optional.empty(), List.of(), Map.of(), Map.of(), List.of());
        }
        Node top = new Node("", root).requireObject(TOP);
        JsonNode coreosNode = root.get("coreos");
        Node coreos = coreosNode == null ? null : new Node("coreos", coreosNode).requireObject(COREOS);
        return new CloudConfig(
                top.optional("hostname").map(n -> Validation.hostname(n.path(), n.text())),
                top.optional("write_files").map(CloudConfigParser::files).orElse(List.of()),
                coreos == null ? Map.of() : coreos.optional("fleet").map(CloudConfigParser::fleet).orElse(Map.of()),
                coreos == null ? Map.of() : coreos.optional("etcd2").map(n -> scalars(n, "[a-z0-9_]+")).orElse(Map.of()),
                coreos == null ? List.of() : coreos.optional("units").map(CloudConfigParser::units).orElse(List.of()));
    }

    private static List<WriteFile> files(Node list) {
        List<WriteFile> files = new ArrayList<>();
        for (Node n : list.elements()) {
            n.requireObject(FILE_KEYS);
            String encoding = n.optional("encoding").map(Node::text).orElse("plain");
            if (!encoding.equals("plain")) {
                throw new CloudConfigException(n.path() + ".encoding: '" + encoding
                        + "' is not supported (only plain text; b64/gzip are refused)");
            }
            files.add(new WriteFile(
                    Validation.absolutePath(n.path() + ".path", n.required("path").text()),
                    n.optional("content").map(Node::text).orElse(""),
                    n.optional("permissions").map(Validation::permissions).orElse(WriteFile.DEFAULT_PERMISSIONS),
                    n.optional("owner").map(Node::text)));
        }
        return files;
    }

    private static Map<String, String> fleet(Node n) {
        Map<String, String> options = scalars(n, "[a-z0-9_]+");
        options.keySet().forEach(k -> FleetOptions.requireKnown(k, n.path() + "." + k));
        return options;
    }

    private static Map<String, String> scalars(Node n, String keyPattern) {
        Map<String, String> out = new LinkedHashMap<>();
        n.requireObject(null);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.json().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Node value = new Node(n.path() + "." + e.getKey(), e.getValue());
            if (!e.getKey().matches(keyPattern)) {
                throw new CloudConfigException(value.path() + ": option names are lower case letters, digits and _");
            }
            out.put(e.getKey(), value.scalar());
        }
        return out;
    }

    private static List<UnitSpec> units(Node list) {
        List<UnitSpec> units = new ArrayList<>();
        for (Node n : list.elements()) {
            n.requireObject(UNIT_KEYS);
            String name = Validation.unitName(n.path() + ".name", n.required("name").text());
            Optional<String> command = n.optional("command").map(Node::text);
            command.filter(c -> !UnitSpec.COMMANDS.contains(c)).ifPresent(c -> {
                throw new CloudConfigException(n.path() + ".command: '" + c + "' is not supported (one of "
                        + String.join(", ", UnitSpec.COMMANDS) + ")");
            });
            List<DropIn> dropIns = new ArrayList<>();
            for (Node d : n.optional("drop_ins").map(Node::elements).orElse(List.of())) {
                d.requireObject(DROP_IN_KEYS);
                dropIns.add(new DropIn(Validation.dropInName(d.path() + ".name", d.required("name").text()),
                        d.required("content").text()));
            }
            units.add(new UnitSpec(name, n.optional("content").map(Node::text),
                    n.optional("enable").map(Node::bool).orElse(false),
                    n.optional("runtime").map(Node::bool).orElse(false), command, dropIns));
        }
        return units;
    }
}

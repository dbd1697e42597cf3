package fleet.unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable systemd unit file: the ordered list of its options. Two unit files are equal when
 * their options are equal in order; comments and layout are not kept.
 */
public final class UnitFile {
    private final List<UnitOption> options;

    private UnitFile(List<UnitOption> options) {
        this.options = List.copyOf(options);
    }

    public static UnitFile of(List<UnitOption> options) {
        return new UnitFile(options);
    }

    /** Parses unit-file text with systemd's rules; see {@link UnitFileParser}. */
    public static UnitFile parse(String text) throws UnitParseException {
        return new UnitFile(UnitFileParser.parse(text));
    }

    /** Parses a unit file as read from disk: strict UTF-8, then {@link #parse(String)}. */
    public static UnitFile parse(byte[] bytes) throws UnitParseException {
        return parse(UnitText.decode(bytes));
    }

    /**
     * Options from outside (the API's JSON), accepted only if each one reads back unchanged from
     * the serialized file, i.e. systemd on the target machine sees exactly these options.
     */
    public static UnitFile checked(List<UnitOption> options) throws UnitParseException {
        for (int i = 0; i < options.size(); i++) {
            UnitOptionCheck.check(i + 1, options.get(i));
        }
        return new UnitFile(options);
    }

    public List<UnitOption> options() {
        return options;
    }

    /** Every value of {@code name} in {@code section}, in file order. */
    public List<String> values(String section, String name) {
        List<String> out = new ArrayList<>();
        for (UnitOption o : options) {
            if (o.section().equals(section) && o.name().equals(name)) {
                out.add(o.value());
            }
        }
        return out;
    }

    /** The last value of {@code name} in {@code section}, as systemd reads single-valued options. */
    public Optional<String> lastValue(String section, String name) {
        List<String> all = values(section, name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public boolean hasSection(String section) {
        return options.stream().anyMatch(o -> o.section().equals(section));
    }

    /** {@code [Unit] Description=}, or empty. */
    public String description() {
        return lastValue("Unit", "Description").orElse("");
    }

    /** The options in serialization order: sections in order of first appearance, grouped. */
    public UnitFile grouped() {
        Map<String, List<UnitOption>> bySection = new LinkedHashMap<>();
        for (UnitOption o : options) {
            bySection.computeIfAbsent(o.section(), s -> new ArrayList<>()).add(o);
        }
        List<UnitOption> out = new ArrayList<>(options.size());
        bySection.values().forEach(out::addAll);
        return new UnitFile(out);
    }

    /** The normalized text: sections in order of first appearance, options grouped under them. */
    public String serialize() {
        return UnitFileSerializer.serialize(options);
    }

    public UnitHash hash() {
        return UnitHash.of(serialize());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitFile other && options.equals(other.options);
    }

    @Override
    public int hashCode() {
        return options.hashCode();
    }

    @Override
    public String toString() {
        return serialize();
    }
}

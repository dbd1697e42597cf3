package fleet.unit;

import java.util.Objects;

/** One {@code Name=Value} line of a unit file, with the section it appeared in. */
public record UnitOption(String section, String name, String value) {
    public UnitOption {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}

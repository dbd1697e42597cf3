package fleet.registry;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/** {@code bodies/<sha1>}: a unit file's options, stored once per hash. */
record BodyRecord(@JsonProperty("options") List<UnitOption> options) {
    static BodyRecord of(UnitFile file) {
        return new BodyRecord(file.options());
    }

    UnitFile file() {
        return UnitFile.of(options);
    }
}

package fleet.cli.apply;

import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;
import java.nio.file.Path;

/**
 * A unit as the tree declares it: its name, its body without apply's keys, the state it should be
 * in, and the file it came from (a symlink's own path for an instance linked to its template).
 */
public record LocalUnit(String name, UnitFile body, DesiredState desired, Path source) {
    public boolean isTemplate() {
        return UnitName.trusted(name).isTemplate();
    }

    /** The template of an instance, else null. */
    public String template() {
        UnitName n = UnitName.trusted(name);
        return n.isInstance() ? n.templateName() : null;
    }
}

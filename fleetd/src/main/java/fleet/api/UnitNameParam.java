package fleet.api;

import fleet.unit.InvalidUnitNameException;
import fleet.unit.UnitName;

/**
 * A unit name as a request gives it (the path of {@code /units/<name>} and {@code /state/<name>},
 * the {@code unitName} filter, a PUT body's name), parsed; an invalid one is a 400 before any
 * registry read, as in fleet.
 */
final class UnitNameParam {
    private UnitNameParam() {}

    static UnitName parse(String name) {
        try {
            return UnitName.parse(name);
        } catch (InvalidUnitNameException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}

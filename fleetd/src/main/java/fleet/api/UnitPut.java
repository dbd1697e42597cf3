package fleet.api;

import java.util.List;
import java.util.Optional;

import fleet.constraint.ParsedUnit;
import fleet.registry.UnitNotFoundException;
import fleet.registry.UnitRecord;
import fleet.registry.UnitStore;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;
import fleet.unit.UnitOption;
import fleet.unit.UnitParseException;

/**
 * {@code PUT /units/<name>} with fleet's semantics (reference §6.4):
 * <ol>
 * <li>an empty body name is the URL's; a different one is a 400; the name is validated;</li>
 * <li>a new unit needs options (409 otherwise), valid ones (400), and is created with the
 *     desired state given or {@code inactive} (201);</li>
 * <li>an existing unit given options with a different hash is replaced, desired state as given or
 *     {@code inactive} (201); the same hash falls through to 4;</li>
 * <li>otherwise the desired state is required (409), a template may only be set {@code inactive}
 *     (400), and it is set (204), whatever the previous state.</li>
 * </ol>
 * Every check runs before anything is written; options are validated on the replace path too
 * (fleet did not), so no invalid unit is ever stored. A PUT with options that races a DELETE of the
 * same unit starts over, so it creates the unit as fleet did, never answering "does not exist".
 */
final class UnitPut {
    private static final String NO_UNIT_NO_OPTIONS = "unit does not exist and options field empty";
    private static final int MAX_ATTEMPTS = 10;
    private final UnitStore units;

    UnitPut(UnitStore units) {
        this.units = units;
    }

    ApiReply apply(String urlName, UnitPutBody body) {
        String name = body.name().isEmpty() ? urlName : body.name();
        if (!name.equals(urlName)) {
            throw ApiException.badRequest("name in URL \"" + urlName + "\" differs from unit name in request body \""
                    + name + "\"");
        }
        UnitName unitName = UnitNameParam.parse(name);
        if (!body.options().isEmpty()) {
            UnitFile file = validFile(unitName, body.options()); // before anything is written
            for (int attempt = 1; ; attempt++) {
                try {
                    return withOptions(name, unitName, file, body.desiredState());
                } catch (UnitNotFoundException deletedMeanwhile) {
                    // a DELETE landed between our read and our write: fleet would have created the unit
                    if (attempt == MAX_ATTEMPTS) {
                        throw new ApiException(503, "unit " + name + " was deleted " + MAX_ATTEMPTS
                                + " times while this request ran; retry");
                    }
                }
            }
        }
        // a request that will be refused reads the unit first: a missing unit's 409 comes before the others
        if (refusedDesiredState(unitName, body.desiredState()) && units.record(name).isEmpty()) {
            throw ApiException.conflict(NO_UNIT_NO_OPTIONS);
        }
        try {
            return setDesiredState(name, unitName, body.desiredState());
        } catch (UnitNotFoundException deletedMeanwhile) {
            throw ApiException.conflict(NO_UNIT_NO_OPTIONS);
        }
    }

    /** Create-or-read is one round trip to etcd; then replace, or set the desired state of the same unit. */
    private ApiReply withOptions(String name, UnitName unitName, UnitFile file, DesiredState desired) {
        Optional<UnitRecord> existing = units.createOrGet(name, file, orInactive(desired));
        if (existing.isEmpty()) {
            return ApiReply.created();
        }
        if (!file.hash().equals(existing.get().hash())) {
            units.replace(name, file, orInactive(desired));
            return ApiReply.created();
        }
        return setDesiredState(name, unitName, desired);
    }

    private static boolean refusedDesiredState(UnitName unitName, DesiredState desired) {
        return desired == null || (unitName.isTemplate() && desired != DesiredState.INACTIVE);
    }

    private ApiReply setDesiredState(String name, UnitName unitName, DesiredState desired) {
        if (desired == null) {
            throw ApiException.conflict("must provide DesiredState to update existing unit");
        }
        if (unitName.isTemplate() && desired != DesiredState.INACTIVE) {
            throw ApiException.badRequest("cannot activate template \"" + name + "\"");
        }
        units.setDesiredState(name, desired);
        return ApiReply.noContent();
    }

    static UnitFile validFile(UnitName name, List<UnitOption> options) {
        UnitFile file;
        try {
            file = UnitFile.checked(options);
        } catch (UnitParseException e) {
            throw ApiException.badRequest("invalid options: " + e.getMessage());
        }
        // refused here with fleet's text, rather than left for the engine to refuse on every pass
        ParsedUnit parsed = ParsedUnit.of(name, file);
        if (!parsed.readable()) {
            throw ApiException.badRequest(parsed.problem().get());
        }
        return file;
    }

    private static DesiredState orInactive(DesiredState s) {
        return s == null ? DesiredState.INACTIVE : s;
    }
}

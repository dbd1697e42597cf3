package fleet.registry;

/** A unit of that name exists already (create refuses to overwrite). */
public final class UnitExistsException extends RegistryException {
    public UnitExistsException(String name) {
        super("unit " + name + " already exists");
    }
}

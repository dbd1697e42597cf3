package fleet.registry;

/** The named unit does not exist in the registry. */
public final class UnitNotFoundException extends RegistryException {
    public UnitNotFoundException(String name) {
        super("unit " + name + " does not exist");
    }
}

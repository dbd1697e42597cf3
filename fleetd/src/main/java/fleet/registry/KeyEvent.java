package fleet.registry;

/**
 * One change seen by a {@link RegistryWatch}: the key relative to the registry prefix (e.g.
 * {@code schedule/<id>/a.service}), the new value ({@code ""} for deletes) and its revision.
 */
public record KeyEvent(Type type, String key, String value, long revision) {
    public enum Type { PUT, DELETE }
}

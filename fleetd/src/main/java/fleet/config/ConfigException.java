package fleet.config;

/**
 * A configuration that fleetd refuses to start with. The message names the option, where the value
 * came from (file and line, or environment variable) and the bad value, so it can be shown as is.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    static ConfigException badValue(RawValue raw, String why) {
        return new ConfigException("invalid " + raw.option() + " \"" + raw.value() + "\" (" + raw.origin() + "): " + why);
    }
}

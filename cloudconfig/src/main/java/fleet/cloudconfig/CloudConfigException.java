package fleet.cloudconfig;

/** Bad cloud-config input or a refused feature; the message names the key and says why. */
public final class CloudConfigException extends RuntimeException {
    public CloudConfigException(String message) {
        super(message);
    }

    public CloudConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

package fleet.cloudconfig;

import java.util.Optional;

/**
 * One {@code write_files} entry: an absolute path, its text and its mode. {@code owner} is kept
 * only to say that it was ignored (files are written as the applier's user).
 */
public record WriteFile(String path, String content, int permissions, Optional<String> owner) {
    public static final int DEFAULT_PERMISSIONS = 0644;
}

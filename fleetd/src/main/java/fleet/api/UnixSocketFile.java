package fleet.api;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** The unix socket's file: prepared before bind (parent created, stale socket removed), restricted after. */
final class UnixSocketFile {
    private UnixSocketFile() {}

    /** Creates the parent directory and removes a stale socket; refuses a live one or a non-socket file. */
    static void prepare(Path socket) {
        try {
            Path parent = socket.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            BasicFileAttributes a = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isOther()) {
                throw new ApiStartException("API socket " + socket + " exists and is not a socket; refusing to remove it");
            }
            if (live(socket)) {
                throw new ApiStartException("API socket " + socket + " is in use by another process (another fleetd?)");
            }
            Files.delete(socket);
        } catch (IOException e) {
            throw new ApiStartException("cannot prepare API socket " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Mode 0660: the owner and its group (e.g. {@code fleet}) may use the API, nobody else. */
    static void restrict(Path socket) {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            throw new ApiStartException("cannot set mode 0660 on API socket " + socket + ": " + e.getMessage(), e);
        }
    }

    private static boolean live(Path socket) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}

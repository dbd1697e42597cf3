package fleet.fleetd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One fleetd per host: an exclusive lock on {@code fleetd.lock} beside the units directory, held
 * for the life of the process. The kernel drops it when the process dies, however it dies, so a
 * fleetd that holds it knows that its predecessor on this host is gone: it may take over the
 * presence lease and retire the engine candidacy that the predecessor left in etcd.
 */
final class HostLock {
    private final FileChannel channel;
    private final FileLock lock;

    private HostLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HostLock acquire(Path unitsDirectory) {
        Path parent = unitsDirectory.toAbsolutePath().getParent();
        Path file = (parent == null ? unitsDirectory : parent).resolve("fleetd.lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new StartupException("another fleetd is running on this host (it holds " + file + ")", null);
            }
            return new HostLock(ch, l);
        } catch (IOException e) {
            throw new StartupException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "HostLock[" + lock + "]";
    }
}

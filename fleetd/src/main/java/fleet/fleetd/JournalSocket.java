package fleet.fleetd;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAccess;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;
import jdk.incubator.foreign.SymbolLookup;

/**
 * A datagram socket to journald's native socket. JDK 17 has unix-domain stream channels but no
 * datagram ones, so libc's socket(2) and sendto(2) are called through the incubating foreign
 * linker (the launcher adds {@code --add-modules jdk.incubator.foreign}; {@link JournalLogConfigurator}
 * loads this class only when that module is there).
 */
final class JournalSocket implements JournalAppender.Sink {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(struct sockaddr_un): a 2-byte family and 108 bytes of path. */
    private static final int SOCKADDR_UN = 110;

    private final MethodHandle sendto;
    private final int fd;
    private final MemorySegment address;

    private JournalSocket(MethodHandle sendto, int fd, MemorySegment address) {
        this.sendto = sendto;
        this.fd = fd;
        this.address = address;
    }

    /** A socket addressed to {@code path}; IllegalStateException when libc refuses one. */
    static JournalSocket open(Path path) {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SOCKADDR_UN - 2) {
            throw new IllegalStateException("socket path too long: " + path);
        }
        CLinker linker = CLinker.getInstance();
        SymbolLookup libc = CLinker.systemLookup();
        MethodHandle socket = linker.downcallHandle(libc.lookup("socket").orElseThrow(),
                MethodType.methodType(int.class, int.class, int.class, int.class),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT));
        MethodHandle sendto = linker.downcallHandle(libc.lookup("sendto").orElseThrow(),
                MethodType.methodType(long.class, int.class, MemoryAddress.class, long.class, int.class,
                        MemoryAddress.class, int.class),
                FunctionDescriptor.of(CLinker.C_LONG, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_LONG, CLinker.C_INT,
                        CLinker.C_POINTER, CLinker.C_INT));
        int fd;
        try {
            fd = (int) socket.invokeExact(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (Throwable e) {
            throw new IllegalStateException("socket(2) failed: " + e, e);
        }
        if (fd < 0) {
            throw new IllegalStateException("socket(2) returned " + fd);
        }
        // held for the life of the process, as the descriptor is
        MemorySegment address = MemorySegment.allocateNative(SOCKADDR_UN, ResourceScope.globalScope());
        address.fill((byte) 0);
        MemoryAccess.setShortAtOffset(address, 0, (short) AF_UNIX);
        address.asSlice(2, name.length).copyFrom(MemorySegment.ofArray(name));
        return new JournalSocket(sendto, fd, address);
    }

    /** Sends one datagram; false when it was not taken (journald gone, or the entry too large). */
    @Override
    public synchronized boolean send(byte[] datagram) {
        try (ResourceScope scope = ResourceScope.newConfinedScope()) {
            MemorySegment buffer = MemorySegment.allocateNative(datagram.length, scope);
            buffer.copyFrom(MemorySegment.ofArray(datagram));
            long sent = (long) sendto.invokeExact(fd, buffer.address(), (long) datagram.length, MSG_NOSIGNAL,
                    address.address(), SOCKADDR_UN);
            return sent == datagram.length;
        } catch (Throwable e) {
            return false;
        }
    }
}

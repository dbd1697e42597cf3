package fleet.cli.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection through a child process's stdin and stdout: {@code --tunnel}'s
 * {@code ssh HOST fleetctl fd-forward SOCKET}. A pipe has no read timeout, so at the deadline the
 * process is ended, and the read it cut short fails with a timeout.
 */
final class ProcessConnection implements Connection {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleetctl-tunnel-deadline");
        t.setDaemon(true);
        return t;
    });

    private final Process process;
    private final InputStream in;
    private volatile boolean timedOut;
    private ScheduledFuture<?> expiry;

    private ProcessConnection(Process process) {
        this.process = process;
        this.in = new FilterInputStream(process.getInputStream()) {
            @Override
            public int read() throws IOException {
                return checked(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return checked(super.read(b, off, len));
            }
        };
    }

    static ProcessConnection open(List<String> argv, long deadline) throws IOException {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ProcessConnection c = new ProcessConnection(p);
        c.deadline(deadline);
        return c;
    }

    private int checked(int read) throws IOException {
        if (read < 0 && timedOut) {
            throw new SocketTimeoutException("request timed out");
        }
        return read;
    }

    @Override
    public InputStream in() {
        return in;
    }

    /** Each write goes down the pipe at once: the process's stream is buffered. */
    @Override
    public OutputStream out() {
        OutputStream pipe = process.getOutputStream();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                pipe.write(b);
                pipe.flush();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                pipe.write(b, off, len);
                pipe.flush();
            }
        };
    }

    @Override
    public synchronized void deadline(long nanoTime) {
        // a kept connection ended at an earlier request's deadline now reads as closed, not as timed out,
        // so the client reconnects
        timedOut = false;
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        if (nanoTime != 0) {
            expiry = WATCHDOG.schedule(() -> {
                timedOut = true;
                process.destroy();
            }, Math.max(0, nanoTime - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        deadline(0);
        process.destroy();
    }
}

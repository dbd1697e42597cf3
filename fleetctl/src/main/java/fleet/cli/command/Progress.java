package fleet.cli.command;

import java.io.PrintStream;

/**
 * A status line redrawn in place on a terminal; silent otherwise, so scripts see only results. Safe to
 * call from the threads of a {@link Fanout}.
 */
final class Progress {
    private final PrintStream err;
    private final boolean tty;
    private boolean shown;

    Progress(PrintStream err, boolean tty) {
        this.err = err;
        this.tty = tty;
    }

    synchronized void show(String line) {
        if (tty) {
            err.print("\r\033[K" + line);
            err.flush();
            shown = true;
        }
    }

    synchronized void clear() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
            shown = false;
        }
    }
}

package fleet.cli.command;

import fleet.cli.api.FleetApi;
import java.io.PrintStream;
import java.util.function.Function;

/** What a command runs with: its streams, whether stderr is a terminal, and the API (made on first use). */
public final class Session {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean tty;
    private final Function<GlobalOptions, FleetApi> apiFactory;
    private GlobalOptions globals;
    private FleetApi api;
    private int inFlight = Fanout.IN_FLIGHT;

    public Session(PrintStream out, PrintStream err, boolean tty, Function<GlobalOptions, FleetApi> apiFactory) {
        this.out = out;
        this.err = err;
        this.tty = tty;
        this.apiFactory = apiFactory;
    }

    void globals(GlobalOptions globals) {
        this.globals = globals;
    }

    public GlobalOptions globals() {
        return globals;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** Progress is redrawn only when a person is watching. */
    public boolean tty() {
        return tty;
    }

    /** How many requests a command may have in flight at once (1 sends them one after another). */
    public Session inFlight(int requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("at least one request must be in flight, got " + requests);
        }
        this.inFlight = requests;
        return this;
    }

    /** Runs per-unit requests concurrently, within {@link #inFlight}, with progress on a terminal. */
    Fanout fanout() {
        return new Fanout(inFlight, new Progress(err, tty));
    }

    public synchronized FleetApi api() {
        if (api == null) {
            api = apiFactory.apply(globals);
        }
        return api;
    }
}

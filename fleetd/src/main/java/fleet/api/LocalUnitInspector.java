package fleet.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import fleet.unit.InvalidUnitNameException;
import fleet.unit.UnitName;

/**
 * {@link UnitInspector} running {@code systemctl status -l --no-pager -- <unit>} and
 * {@code journalctl --unit=<unit> --no-pager -n N [-f]} as processes: no shell, the unit name
 * validated first and never in a position where it could be read as an option.
 */
public final class LocalUnitInspector implements UnitInspector {
    private static final int MAX_STATUS_BYTES = 1024 * 1024;
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

    private final String systemctl;
    private final String journalctl;

    public LocalUnitInspector() {
        this("systemctl", "journalctl");
    }

    /** With other executables, e.g. absolute paths. */
    public LocalUnitInspector(String systemctl, String journalctl) {
        this.systemctl = systemctl;
        this.journalctl = journalctl;
    }

    @Override
    public Status status(String unit) throws IOException, InterruptedException {
        Process p = start(List.of(systemctl, "status", "-l", "--no-pager", "--", valid(unit)));
        try (InputStream out = p.getInputStream()) {
            byte[] text = out.readNBytes(MAX_STATUS_BYTES);
            if (!p.waitFor(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(systemctl + " status " + unit + " did not finish within " + STATUS_TIMEOUT);
            }
            return new Status(new String(text, StandardCharsets.UTF_8), p.exitValue());
        } finally {
            p.destroy();
        }
    }

    @Override
    public InputStream journal(String unit, int lines, boolean follow) throws IOException {
        if (lines < 0) {
            throw new IllegalArgumentException("lines must not be negative, got " + lines);
        }
        List<String> cmd = new ArrayList<>(List.of(journalctl, "--unit=" + valid(unit), "--no-pager", "-n",
                Integer.toString(lines)));
        if (follow) {
            cmd.add("-f");
        }
        Process p = start(cmd);
        return new FilterInputStream(p.getInputStream()) {
            @Override
            public void close() throws IOException {
                p.destroy();
                super.close();
            }
        };
    }

    private static Process start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close(); // nothing to read on stdin
        return p;
    }

    private static String valid(String unit) {
        try {
            return UnitName.parse(unit).name();
        } catch (InvalidUnitNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}

package fleet.cloudconfig;

import java.util.List;

/**
 * A command the host must run after the files are written (systemctl or hostname), as data: the
 * applier never runs it. Every word is checked to hold only {@code [A-Za-z0-9@._:-]}, so the
 * printed line is safe to split on spaces.
 */
public record HostCommand(List<String> argv, String reason) {
    public HostCommand {
        argv = List.copyOf(argv);
        for (String word : argv) {
            if (!word.matches("[A-Za-z0-9@._:-]+")) {
                throw new IllegalArgumentException("unsafe word in a host command: '" + word + "'");
            }
        }
    }

    public static HostCommand systemctl(String reason, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "systemctl";
        System.arraycopy(args, 0, argv, 1, args.length);
        return new HostCommand(List.of(argv), reason);
    }

    /** The line printed for the caller: words joined by single spaces. */
    public String line() {
        return String.join(" ", argv);
    }
}

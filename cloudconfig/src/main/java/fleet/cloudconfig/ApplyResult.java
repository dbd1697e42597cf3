package fleet.cloudconfig;

import java.util.List;

/**
 * What applying did and what is left to the host.
 *
 * @param written files written, as absolute paths inside the root (e.g. {@code /etc/hostname})
 * @param commands what the host must run next, in order
 * @param notes what was ignored or skipped, for a human
 */
public record ApplyResult(List<String> written, List<HostCommand> commands, List<String> notes) {
    public ApplyResult {
        written = List.copyOf(written);
        commands = List.copyOf(commands);
        notes = List.copyOf(notes);
    }
}

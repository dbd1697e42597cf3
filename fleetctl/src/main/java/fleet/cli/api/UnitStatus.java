package fleet.cli.api;

/** The text of {@code systemctl status} for a unit, and that command's exit status. */
public record UnitStatus(String text, int exitStatus) {
}

package fleet.unit;

import java.util.List;

/** Checks that one option given as data (not parsed from text) would read back unchanged from a unit file. */
final class UnitOptionCheck {
    private UnitOptionCheck() {}

    static void check(int index, UnitOption option) throws UnitParseException {
        String where = "option " + index + " ([" + option.section() + "] " + option.name() + "): ";
        if (option.value().length() > UnitFileParser.MAX_LINE) {
            throw new UnitParseException(0, where + "value longer than " + UnitFileParser.MAX_LINE + " characters");
        }
        String text = "[" + option.section() + "]\n" + option.name() + "=" + option.value() + "\n";
        List<UnitOption> back;
        try {
            back = UnitFileParser.parse(text);
        } catch (UnitParseException e) {
            throw new UnitParseException(0, where + e.getMessage().replaceFirst("^line \\d+: ", ""));
        }
        if (!back.equals(List.of(option))) {
            throw new UnitParseException(0, where + "would be read back by systemd as " + describe(back)
                    + " (check for leading/trailing blanks, a trailing backslash, '=' in the name, "
                    + "or a name starting with '#', ';' or '[')");
        }
    }

    private static String describe(List<UnitOption> options) {
        if (options.isEmpty()) {
            return "nothing";
        }
        UnitOption o = options.get(0);
        return "[" + o.section() + "] " + o.name() + "=" + UnitFileParser.quote(o.value());
    }
}

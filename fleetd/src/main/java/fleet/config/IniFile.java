package fleet.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * fleet.conf: the global section of an INI file, one {@code key=value} per line. Lines starting with
 * {@code #} or {@code ;} are comments; a value wrapped in double quotes loses them. Sections, lines
 * without {@code =} and unknown keys are errors naming the file and line: a typo must not be ignored.
 */
final class IniFile {
    private IniFile() {}

    static List<RawValue> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), lines);
    }

    static List<RawValue> parse(String fileName, List<String> lines) {
        List<RawValue> values = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = fileName + ":" + (i + 1);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                throw new ConfigException(where + ": sections are not supported (" + line + "); fleet.conf has only global options");
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(where + ": expected key=value, got \"" + line + "\"");
            }
            String key = line.substring(0, eq).strip();
            if (ConfigOption.byKey(key).isEmpty()) {
                throw new ConfigException(where + ": unknown option \"" + key + "\"");
            }
            values.add(new RawValue(key, unquote(line.substring(eq + 1).strip()), where));
        }
        return values;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}

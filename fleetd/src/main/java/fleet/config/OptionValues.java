package fleet.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The winning raw value of each option (defaults are applied by the caller) and one typed reader per
 * kind of value. Every reader fails with a {@link ConfigException} naming option, origin and value.
 */
final class OptionValues {
    private final Map<ConfigOption, RawValue> values = new EnumMap<>(ConfigOption.class);

    void set(ConfigOption option, RawValue value) {
        values.put(option, value);
    }

    Optional<RawValue> raw(ConfigOption option) {
        return Optional.ofNullable(values.get(option));
    }

    String string(ConfigOption option, String fallback) {
        return raw(option).map(RawValue::value).map(String::strip).orElse(fallback);
    }

    <T> T parsed(ConfigOption option, T fallback, Function<String, T> parser) {
        RawValue raw = values.get(option);
        if (raw == null) {
            return fallback;
        }
        try {
            return parser.apply(raw.value().strip());
        } catch (IllegalArgumentException e) {
            throw ConfigException.badValue(raw, e.getMessage());
        }
    }

    boolean bool(ConfigOption option) {
        return parsed(option, false, s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("expected true/false, 1/0 or yes/no");
        });
    }

    int integer(ConfigOption option, int fallback, int min, int max) {
        return parsed(option, fallback, s -> {
            int v;
            try {
                v = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return v;
        });
    }

    /** Float seconds such as {@code 1.0} or {@code 0.5}; must be positive. */
    Duration seconds(ConfigOption option, Duration fallback) {
        return parsed(option, fallback, s -> {
            double v;
            try {
                v = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected seconds as a number, e.g. 1.0");
            }
            if (!(v > 0) || Double.isInfinite(v) || v > 86_400) {
                throw new IllegalArgumentException("must be more than 0 and at most 86400 seconds");
            }
            return Duration.ofNanos(Math.round(v * 1e9));
        });
    }

    Duration goDuration(ConfigOption option, Duration fallback, Duration min) {
        return parsed(option, fallback, s -> {
            Duration d = GoDuration.parse(s);
            if (d.compareTo(min) < 0) {
                throw new IllegalArgumentException("must be at least " + min.toMillis() / 1000.0 + "s");
            }
            return d;
        });
    }

    /** An existing regular file, or empty when unset or blank. */
    Optional<Path> existingFile(ConfigOption option) {
        return parsed(option, Optional.empty(), s -> {
            if (s.isEmpty()) {
                return Optional.empty();
            }
            Path p = Path.of(s);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no such file");
            }
            return Optional.of(p);
        });
    }

    Path path(ConfigOption option, String fallback) {
        return parsed(option, Path.of(fallback), s -> {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return Path.of(s);
        });
    }

    List<URI> urls(ConfigOption option, List<URI> fallback) {
        return parsed(option, fallback, s -> {
            List<URI> urls = new ArrayList<>();
            for (String item : ListParser.parse(s)) {
                URI u;
                try {
                    u = URI.create(item);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("\"" + item + "\" is not a URL");
                }
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    throw new IllegalArgumentException("\"" + item + "\" is not an http:// or https:// URL with a host");
                }
                urls.add(u);
            }
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("at least one etcd URL is needed");
            }
            return List.copyOf(urls);
        });
    }
}

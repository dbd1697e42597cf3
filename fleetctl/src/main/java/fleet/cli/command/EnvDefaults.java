package fleet.cli.command;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Defaults of the global flags from {@code FLEETCTL_*}: flag > environment > built-in default. */
public final class EnvDefaults implements IDefaultValueProvider {
    private final Map<String, String> env;

    public EnvDefaults(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option && GlobalOptions.NAMES.contains(option.longestName())) {
            String value = env.get(GlobalOptions.envName(option.longestName()));
            return value == null || value.isEmpty() ? null : value;
        }
        return null;
    }
}

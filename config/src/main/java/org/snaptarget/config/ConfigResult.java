package org.snaptarget.config;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of loading a configuration: the model when the file is valid, and every error found
 * otherwise, sorted by position. Exactly one of the two is present: a model never comes with errors.
 *
 * @param config the validated model; empty when there are errors
 * @param errors every problem found, sorted by line then column (then in the order found)
 */
public record ConfigResult(Optional<SnapTargetConfig> config, List<ConfigError> errors) {

    public ConfigResult {
        errors = List.copyOf(errors);
        if (config.isPresent() == !errors.isEmpty()) {
            throw new IllegalArgumentException("a result holds either a model or errors");
        }
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /**
     * The model of a valid file.
     *
     * @throws IllegalStateException listing the errors when the file was not valid
     */
    public SnapTargetConfig orThrow() {
        return config.orElseThrow(() -> new IllegalStateException("invalid configuration:\n"
                + String.join("\n", errors.stream().map(ConfigError::toString).toList())));
    }
}

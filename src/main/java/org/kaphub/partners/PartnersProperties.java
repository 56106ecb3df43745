package org.kaphub.partners;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the registry file is ({@code KAP_PARTNERS}; blank: no file, no partners but development mode's own) and how
 * often it is checked for changes (zero: never reloaded).
 */
@Validated
@ConfigurationProperties("kap.partners")
record PartnersProperties(String file, @DefaultValue("5s") @NotNull Duration reloadInterval) {

    /** The file, or null when none is configured. */
    Path path() {
        return file == null || file.isBlank() ? null : Path.of(file.trim());
    }
}

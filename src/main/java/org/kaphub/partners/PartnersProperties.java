package org.kaphub.partners;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The partner registry file (README "Partner registry").
 *
 * @param file           the registry file, e.g. /opt/kap-hub/camel-routes/partners.yaml; blank: no file, no partners
 *                       (development mode still has kap-dev)
 * @param reloadInterval how often the file is checked for changes; a valid change is in force at once, an invalid one
 *                       is refused (0: never reloaded)
 */
@Validated
@ConfigurationProperties("kap.partners")
record PartnersProperties(String file, @DefaultValue("5s") @NotNull Duration reloadInterval) {

    @AssertTrue(message = "reload-interval must not be negative (0: never reloaded)")
    boolean isReloadIntervalNotNegative() {
        return reloadInterval == null || !reloadInterval.isNegative();
    }

    /** The file, or null when none is configured. */
    Path path() {
        return file == null || file.isBlank() ? null : Path.of(file.trim());
    }
}

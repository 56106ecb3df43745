package org.kaphub.partners;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code partners}: how many partners and clients are in force, from which file since when, and
 * why the last change of the file was refused (file, line, reason — never a secret). A refused change leaves the
 * running registry in force, so it does not make the server unhealthy.
 */
@Component("partnersHealthIndicator")
class PartnersHealth implements HealthIndicator {

    private final FilePartnerRegistry registry;

    PartnersHealth(FilePartnerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("partners", registry.all().size())
                .withDetail("enabled", registry.all().stream().filter(Partner::enabled).count())
                .withDetail("clients", registry.all().stream().mapToInt(partner -> partner.clients().size()).sum())
                .withDetail("loadedAt", registry.loadedAt().toString());
        registry.file().ifPresent(file -> health.withDetail("file", file.toString()));
        registry.lastError().ifPresent(error -> health.withDetail("lastError", error));
        return health.build();
    }
}

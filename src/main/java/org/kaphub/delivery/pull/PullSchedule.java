package org.kaphub.delivery.pull;

import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerRegistry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which partners are due for a poll (route {@code delivery-pull}, every second): enabled, FHIR REST with an endpoint,
 * a {@code pull:} entry, and its interval passed since this node last polled it. Read from the registry in force at
 * each tick, so a registry change applies at once. When it was last polled is this node's memory only: after a restart
 * every partner is due at once, and reads from its stored mark.
 */
@Component("pullSchedule")
public class PullSchedule {

    private final PartnerRegistry registry;
    private final Clock clock;
    private final Map<String, Instant> lastPolled = new ConcurrentHashMap<>();

    PullSchedule(PartnerRegistry registry) {
        this.registry = registry;
        this.clock = Clock.systemUTC();
    }

    public List<Partner> due() {
        Instant now = clock.instant();
        return registry.all().stream()
                .filter(p -> p.enabled() && p.protocol() == Partner.Protocol.FHIR_REST && p.endpoint() != null && p.pulled().isPresent())
                .filter(p -> {
                    Instant last = lastPolled.get(p.id());
                    return last == null || !now.isBefore(last.plus(p.pull().interval()));
                })
                .peek(p -> lastPolled.put(p.id(), now))
                .toList();
    }

    /** Forgets when partners were polled, as a restarted node has (tests). */
    void forget() {
        lastPolled.clear();
    }
}

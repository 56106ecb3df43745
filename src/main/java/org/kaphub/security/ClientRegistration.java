package org.kaphub.security;

import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerClient;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A partner's OAuth client as the security layer sees it: its own credentials and scopes, its partner's limits.
 * Empty {@code resourceTypes} or {@code organizations} mean no limit of that kind; the partner's {@code part2} lets
 * the client be granted {@link SmartScope#PART2} (42 CFR Part 2 data).
 */
public record ClientRegistration(Partner partner, PartnerClient client) {

    public String clientId() {
        return client.clientId();
    }

    public String partnerId() {
        return partner.id();
    }

    /** Encoded ({@code {bcrypt}…}); never logged. */
    public String secret() {
        return client.secret();
    }

    public String jwksUri() {
        return client.jwksUri();
    }

    /** The scopes it may be granted: its own, and the Part 2 scope exactly when its partner has the grant. */
    public Set<String> scopes() {
        Set<String> scopes = new LinkedHashSet<>(client.scopes());
        if (partner.part2()) {
            scopes.add(SmartScope.PART2);
        } else {
            scopes.remove(SmartScope.PART2);
        }
        return scopes;
    }

    public Set<String> resourceTypes() {
        return partner.resourceTypes();
    }

    public Set<String> organizations() {
        return partner.organizations();
    }

    public boolean part2() {
        return partner.part2();
    }
}

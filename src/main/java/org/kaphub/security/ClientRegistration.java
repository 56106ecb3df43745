package org.kaphub.security;

import java.util.Set;

/**
 * A partner client as the security layer sees it. Empty {@code resourceTypes} or {@code organizations} mean
 * no limit of that kind; {@code part2} lets the client be granted {@link SmartScope#PART2} (42 CFR Part 2 data).
 */
public record ClientRegistration(String clientId,
                                 String secret,
                                 String jwksUri,
                                 Set<String> scopes,
                                 Set<String> resourceTypes,
                                 Set<String> organizations,
                                 boolean part2,
                                 String certificateSubject) {

    public ClientRegistration {
        scopes = Set.copyOf(scopes);
        resourceTypes = Set.copyOf(resourceTypes);
        organizations = Set.copyOf(organizations);
    }
}

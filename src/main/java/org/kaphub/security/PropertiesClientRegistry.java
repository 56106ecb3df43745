package org.kaphub.security;

import org.springframework.stereotype.Component;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Registrations from {@code kap.security.clients[n]}, plus the {@code kap-dev} client in development mode. */
@Component
class PropertiesClientRegistry implements ClientRegistry {

    /** What the development client may do: everything, including the audit trail and Part 2 data. */
    static final Set<String> DEV_SCOPES = Set.of("system/*.cruds", "system/AuditEvent.rs", SmartScope.PART2, SmartScope.ADMIN);

    private final List<ClientRegistration> clients;

    PropertiesClientRegistry(SecurityProperties properties) {
        List<ClientRegistration> all = new ArrayList<>();
        if (properties.development()) {
            all.add(new ClientRegistration(SecurityProperties.DEV_CLIENT_ID, "{noop}" + properties.devClientSecret(), null,
                    DEV_SCOPES, Set.of(), Set.of(), true, null));
        }
        for (SecurityProperties.Client client : properties.clients()) {
            Set<String> scopes = new LinkedHashSet<>(client.scopes());
            if (client.part2()) {
                scopes.add(SmartScope.PART2);
            } else {
                scopes.remove(SmartScope.PART2); // the grant is the part2 flag, not a scope someone listed
            }
            all.add(new ClientRegistration(client.clientId(), encoded(client.secret()), blankToNull(client.jwksUri()), scopes,
                    Set.copyOf(client.resourceTypes()), Set.copyOf(client.organizations()), client.part2(),
                    blankToNull(client.certificateSubject())));
        }
        this.clients = List.copyOf(all);
    }

    @Override
    public Optional<ClientRegistration> find(String clientId) {
        return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    @Override
    public Optional<ClientRegistration> findByCertificateSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            return Optional.empty();
        }
        String wanted = normalise(subject);
        return clients.stream()
                .filter(c -> c.certificateSubject() != null && normalise(c.certificateSubject()).equals(wanted))
                .findFirst();
    }

    @Override
    public List<ClientRegistration> all() {
        return clients;
    }

    /**
     * Distinguished names are written in either RDN order (RFC 2253 prints the last first; OpenSSL the first
     * first), so two subjects match when they hold the same attributes, compared canonically and in any order.
     */
    static String normalise(String subject) {
        try {
            String canonical = new X500Principal(subject).getName(X500Principal.CANONICAL);
            return new LdapName(canonical).getRdns().stream().map(Rdn::toString).sorted().collect(Collectors.joining(","));
        } catch (IllegalArgumentException | InvalidNameException notADistinguishedName) {
            return subject.trim();
        }
    }

    /** A secret without an encoder prefix is plain text: {noop} (allowed in development only, see SecurityStartupCheck). */
    private static String encoded(String secret) {
        if (secret == null || secret.isBlank()) {
            return null;
        }
        return secret.startsWith("{") ? secret : "{noop}" + secret;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

package org.kaphub.partners;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Certificate subjects as the registry compares them. Distinguished names are written in either RDN order (RFC 2253
 * prints the last first; OpenSSL the first first), so two subjects match when they hold the same attributes,
 * compared canonically and in any order.
 */
final class DistinguishedNames {

    private DistinguishedNames() {
    }

    /** The canonical form, or empty when {@code subject} is not a distinguished name. */
    static Optional<String> canonical(String subject) {
        if (subject == null || subject.isBlank()) {
            return Optional.empty();
        }
        try {
            String canonical = new X500Principal(subject).getName(X500Principal.CANONICAL);
            return Optional.of(new LdapName(canonical).getRdns().stream().map(Rdn::toString).sorted()
                    .collect(Collectors.joining(",")));
        } catch (IllegalArgumentException | InvalidNameException notADistinguishedName) {
            return Optional.empty();
        }
    }
}

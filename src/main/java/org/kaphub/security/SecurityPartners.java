package org.kaphub.security;

import org.kaphub.partners.BuiltInPartners;
import org.kaphub.partners.ClientRule;
import org.kaphub.partners.OutboundAuth;
import org.kaphub.partners.SecretRule;
import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What security adds to the partner registry: development mode's {@code kap-dev} partner (README "Development and
 * production mode"), production's rules for client secrets, and that a client without credentials belongs to a
 * configured external issuer — applied to every load of the registry file.
 */
@Configuration
class SecurityPartners {

    /** What the development client may do: everything, including the audit trail and Part 2 data. */
    static final Set<String> DEV_SCOPES = Set.of("system/*.cruds", "system/AuditEvent.rs", SmartScope.PART2, SmartScope.ADMIN);

    @Bean
    BuiltInPartners developmentPartner(SecurityProperties properties) {
        return () -> properties.development() ? List.of(developmentPartner(properties.devClientSecret())) : List.of();
    }

    static Partner developmentPartner(String secret) {
        PartnerClient client = new PartnerClient(SecurityProperties.DEV_CLIENT_ID, "{noop}" + secret, null, DEV_SCOPES);
        return new Partner(SecurityProperties.DEV_CLIENT_ID, "KAP Hub development client", Partner.Kind.EHR, null, null,
                Set.of(), true, true, Set.of(), List.of(client), Set.of(), List.of(), List.of(), Set.of());
    }

    /** Production: hashed secrets only, and never the development secret. */
    @Bean
    ClientRule productionSecrets(SecurityProperties properties) {
        return (partner, client) -> properties.development() ? Optional.empty() : secretProblem(client.secret());
    }

    /**
     * Production: KAP Hub's own secrets — its secret at a FHIR partner, the passwords of its TLS stores for an MLLP
     * partner — are not written in the registry file (a file many people read and that is kept in version control) but
     * named there: {@code <key>-env} or {@code <key>-file}.
     */
    @Bean
    SecretRule productionSecretsNamedNotWritten(SecurityProperties properties) {
        return (partnerId, key, secret) -> writtenSecretProblem(key, secret, properties.development());
    }

    static Optional<String> writtenSecretProblem(String key, OutboundAuth.Secret secret, boolean development) {
        return !development && secret instanceof OutboundAuth.Secret.Literal
                ? Optional.of(key + " is written in the registry file (production: " + key + "-env or " + key + "-file)")
                : Optional.empty();
    }

    /**
     * A client needs a secret or a JWK Set to get our tokens — or none, as a client of the clinic identity provider,
     * whose tokens it carries: then that provider must be configured (else the entry is most likely a forgotten
     * secret).
     */
    @Bean
    ClientRule credentials(SecurityProperties properties) {
        return (partner, client) -> credentialsProblem(client, properties.external().configured());
    }

    static Optional<String> credentialsProblem(PartnerClient client, boolean externalIssuer) {
        boolean none = (client.secret() == null || client.secret().isBlank()) && (client.jwksUri() == null || client.jwksUri().isBlank());
        return none && !externalIssuer
                ? Optional.of("client " + client.clientId() + ": needs a secret or a jwks-uri (or, for a client of the clinic "
                + "identity provider, KAP_SECURITY_EXTERNAL_ISSUER)")
                : Optional.empty();
    }

    static Optional<String> secretProblem(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        if (secret.endsWith(SecurityProperties.DEV_SECRET_DEFAULT)) {
            return Optional.of("the client uses the development secret");
        }
        if (!secret.startsWith("{") || secret.startsWith("{noop}")) {
            return Optional.of("the client has a plain-text secret (production: \"{bcrypt}…\" or jwks-uri)");
        }
        return Optional.empty();
    }
}

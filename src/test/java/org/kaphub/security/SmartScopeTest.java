package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.Test;
import org.kaphub.partners.ClientRule;
import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerClient;
import org.kaphub.partners.PartnerScopes;
import org.kaphub.security.SmartScope.Permission;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SmartScopeTest {

    @Test
    void v2AndV1SpellingsMeanTheSamePermissions() {
        assertThat(SmartScope.parse("system/*.rs").orElseThrow().permissions()).isEqualTo(EnumSet.of(Permission.READ, Permission.SEARCH));
        assertThat(SmartScope.parse("system/*.read").orElseThrow().permissions()).isEqualTo(EnumSet.of(Permission.READ, Permission.SEARCH));
        assertThat(SmartScope.parse("system/*.write").orElseThrow().permissions())
                .isEqualTo(EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE));
        assertThat(SmartScope.parse("system/*.*").orElseThrow().permissions()).isEqualTo(EnumSet.allOf(Permission.class));
        assertThat(SmartScope.parse("patient/Observation.cruds").orElseThrow().context()).isEqualTo(SmartScope.Context.PATIENT);
    }

    @Test
    void malformedOrParameterisedScopesGrantNothing() {
        assertThat(SmartScope.parse("system/*.sr")).isEmpty();          // v2 letters out of order
        assertThat(SmartScope.parse("system/Observation.rs?category=vital-signs")).isEmpty();
        assertThat(SmartScope.parse("openid")).isEmpty();
        assertThat(SmartScope.parse("system/patient.rs")).isEmpty();
    }

    @Test
    void aWildcardCoversNarrowerScopesButNeverTheAuditTrail() {
        Set<String> registered = Set.of("system/*.cruds");
        assertThat(SmartScope.covered(registered, "system/Patient.rs")).isTrue();
        assertThat(SmartScope.covered(registered, "system/*.read")).isTrue();
        assertThat(SmartScope.covered(registered, "patient/*.rs")).isFalse();
        assertThat(SmartScope.covered(registered, "system/AuditEvent.rs")).isFalse();
        assertThat(SmartScope.covered(Set.of("system/*.rs"), "system/*.cruds")).isFalse();
        assertThat(SmartScope.covered(Set.of(SmartScope.PART2), SmartScope.PART2)).isTrue();
    }

    @Test
    void thePart2ScopeIsGrantedByThePartnersPart2FlagOnly() {
        PartnerClient listed = new PartnerClient("listed", "{bcrypt}x", null, Set.of("system/*.rs", SmartScope.PART2));
        PartnerClient flagged = new PartnerClient("flagged", "{bcrypt}x", null, Set.of("system/*.rs"));
        assertThat(new ClientRegistration(partner(false, listed), listed).scopes()).doesNotContain(SmartScope.PART2);
        assertThat(new ClientRegistration(partner(true, flagged), flagged).scopes()).contains(SmartScope.PART2);
    }

    /** The registry file checks scope spelling on its own (partners/ may not depend on security/): the same verdicts. */
    @Test
    void theRegistryAcceptsExactlyTheScopesSmartScopeUnderstands() {
        Set<String> types = FhirContext.forR4Cached().getResourceTypes();
        for (String scope : List.of("system/*.rs", "system/*.read", "system/*.write", "system/*.*", "system/*.cruds",
                "patient/Observation.cruds", "user/Patient.r", "system/AuditEvent.rs", "system/*.sr", "system/*.",
                "system/Observation.rs?category=vital-signs", "openid", "system/patient.rs", "system/*.crudsx",
                "System/*.rs", "system/*.rs ")) {
            assertThat(PartnerScopes.problem(scope, types).isEmpty()).as(scope).isEqualTo(SmartScope.parse(scope).isPresent());
        }
        assertThat(PartnerScopes.problem(SmartScope.ADMIN, types)).isEmpty();
        assertThat(PartnerScopes.problem(SmartScope.PART2, types)).isPresent(); // follows part2: true, never listed
        assertThat(PartnerScopes.PART2).isEqualTo(SmartScope.PART2);
    }

    @Test
    void productionRefusesDevelopmentSecretsAMissingSigningKeyAndAMissingIssuer() {
        SecurityProperties production = new SecurityProperties(SecurityProperties.Mode.PRODUCTION, "kap-dev-secret", null,
                "kap-hub", java.time.Duration.ofMinutes(5), null, null, new SecurityProperties.External(null, null, null),
                org.springframework.util.unit.DataSize.ofMegabytes(16));
        PartnerClient plain = new PartnerClient("plain", "{noop}secret", null, Set.of("system/*.rs"));
        PartnerClient dev = new PartnerClient("dev", "{noop}kap-dev-secret", null, Set.of("system/*.rs"));
        PartnerClient hashed = new PartnerClient("hashed", "{bcrypt}$2a$10$abc", null, Set.of("system/*.rs"));
        ClientRegistry registry = registry(List.of(new ClientRegistration(partner(false, plain), plain),
                new ClientRegistration(partner(false, dev), dev), new ClientRegistration(partner(false, hashed), hashed)));
        List<String> problems = SecurityStartupCheck.problems(production, registry);
        assertThat(problems).anyMatch(p -> p.contains("KAP_SECURITY_JWTSIGNINGKEY"))
                .anyMatch(p -> p.contains("KAP_SECURITY_ISSUER"))
                .anyMatch(p -> p.contains("'plain'") && p.contains("plain-text secret"))
                .anyMatch(p -> p.contains("'dev'") && p.contains("development secret"))
                .noneMatch(p -> p.contains("'hashed'"));
        // the same rule refuses such a client in a registry file, at start-up and on reload
        ClientRule rule = new SecurityPartners().productionSecrets(production);
        assertThat(rule.problem(partner(false, plain), plain)).isPresent();
        assertThat(rule.problem(partner(false, hashed), hashed)).isEmpty();
        assertThat(new SecurityPartners().developmentPartner(production).partners()).isEmpty();
    }

    private static Partner partner(boolean part2, PartnerClient client) {
        return new Partner("p-" + client.clientId(), "P", Partner.Kind.CLINIC, null, null, Set.of(), part2, true, Set.of(),
                List.of(client), Set.of(), List.of(), List.of(), Set.of());
    }

    private static ClientRegistry registry(List<ClientRegistration> clients) {
        return new ClientRegistry() {
            @Override
            public java.util.Optional<ClientRegistration> find(String clientId) {
                return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
            }

            @Override
            public boolean disabled(String clientId) {
                return false;
            }

            @Override
            public List<ClientRegistration> all() {
                return clients;
            }
        };
    }
}

package org.kaphub.security;

import org.junit.jupiter.api.Test;
import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerClient;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenGrantsTest {

    static final Set<String> CLAIMED = Set.of("system/*.rs", SmartScope.PART2, "system/AuditEvent.rs", SmartScope.ADMIN,
            "patient/*.rs", "system/*.cruds", "openid", "system/Observation.rs?category=vital-signs");

    @Test
    void anUnregisteredExternalClientKeepsOnlyResourceScopes() {
        assertThat(TokenGrants.scopes(CLAIMED, Optional.empty()))
                .containsExactlyInAnyOrder("system/*.rs", "patient/*.rs", "system/*.cruds");
    }

    @Test
    void aRegistrationWithoutPart2NeverGrantsItWhateverTheTokenClaims() {
        ClientRegistration registration = external(Set.of("system/*.rs", SmartScope.PART2), false, Set.of());
        assertThat(TokenGrants.scopes(CLAIMED, Optional.of(registration))).containsExactly("system/*.rs");
    }

    @Test
    void aRegistrationWithPart2GrantsItOnlyWhenTheTokenAsksForIt() {
        ClientRegistration registration = external(Set.of("system/*.rs", SmartScope.PART2), true, Set.of());
        assertThat(TokenGrants.scopes(Set.of("system/*.rs", SmartScope.PART2), Optional.of(registration)))
                .containsExactlyInAnyOrder("system/*.rs", SmartScope.PART2);
        assertThat(TokenGrants.scopes(Set.of("system/Patient.rs"), Optional.of(registration))).containsExactly("system/Patient.rs");
    }

    @Test
    void aRegisteredClientGetsNoMoreThanItsRegistrationCovers() {
        ClientRegistration registration = external(Set.of("system/Observation.rs"), false, Set.of());
        assertThat(TokenGrants.scopes(Set.of("system/*.cruds", "system/Observation.r", "system/Patient.rs"), Optional.of(registration)))
                .containsExactly("system/Observation.r");
    }

    @Test
    void anOrganisationLimitedClientHasNoPatientContext() {
        ClientRegistration registration = external(Set.of("patient/*.rs", "system/*.rs"), false, Set.of("org-north"));
        assertThat(TokenGrants.scopes(Set.of("patient/*.rs", "system/Patient.rs"), Optional.of(registration)))
                .containsExactly("system/Patient.rs");
    }

    @Test
    void anExternalTokenBindsOnlyToARegistrationThatSignsInElsewhere() {
        ClientRegistration ours = registration(new PartnerClient("partner", "{bcrypt}x", null, Set.of("system/*.rs")), true, Set.of());
        ClientRegistration jwt = registration(new PartnerClient("jwt-partner", null, "https://p.example/jwks", Set.of("system/*.rs")), true, Set.of());
        ClientRegistration clinicApp = external(Set.of("system/*.rs"), false, Set.of());
        ClientRegistry registry = registry(ours, jwt, clinicApp);
        assertThat(TokenGrants.registration(registry, "partner", true)).isEmpty();
        assertThat(TokenGrants.registration(registry, "jwt-partner", true)).isEmpty();
        assertThat(TokenGrants.registration(registry, "partner", false)).contains(ours);
        assertThat(TokenGrants.registration(registry, "clinic-app", true)).contains(clinicApp);
        assertThat(TokenGrants.registration(registry, null, true)).isEmpty();
    }

    @Test
    void part2NeedsBothTheRegistrationAndTheScope() {
        ClientRegistration granted = external(Set.of(SmartScope.PART2), true, Set.of());
        ClientRegistration refused = external(Set.of(SmartScope.PART2), false, Set.of());
        assertThat(new KapPrincipal("c", Set.of(SmartScope.PART2), null, Optional.of(granted)).part2()).isTrue();
        assertThat(new KapPrincipal("c", Set.of("system/*.rs"), null, Optional.of(granted)).part2()).isFalse();
        assertThat(new KapPrincipal("c", Set.of(SmartScope.PART2), null, Optional.of(refused)).part2()).isFalse();
        assertThat(new KapPrincipal("c", Set.of(SmartScope.PART2), null, Optional.empty()).part2()).isFalse();
    }

    @Test
    void aClientWithoutCredentialsNeedsAnExternalIssuer() {
        PartnerClient none = new PartnerClient("clinic-app", null, null, Set.of("system/*.rs"));
        assertThat(SecurityPartners.credentialsProblem(none, false)).isPresent();
        assertThat(SecurityPartners.credentialsProblem(none, true)).isEmpty();
        assertThat(SecurityPartners.credentialsProblem(new PartnerClient("p", "{bcrypt}x", null, Set.of("system/*.rs")), false)).isEmpty();
    }

    static ClientRegistration external(Set<String> scopes, boolean part2, Set<String> organisations) {
        return registration(new PartnerClient("clinic-app", null, null, scopes), part2, organisations);
    }

    static ClientRegistration registration(PartnerClient client, boolean part2, Set<String> organisations) {
        Partner partner = new Partner(client.clientId(), "Partner " + client.clientId(), Partner.Kind.CLINIC, null, null, Set.of(),
                part2, true, organisations, List.of(client), Set.of(), List.of(), List.of(), Set.of());
        return new ClientRegistration(partner, client);
    }

    static ClientRegistry registry(ClientRegistration... registrations) {
        return new ClientRegistry() {
            @Override
            public Optional<ClientRegistration> find(String clientId) {
                return List.of(registrations).stream().filter(r -> r.clientId().equals(clientId)).findFirst();
            }

            @Override
            public boolean disabled(String clientId) {
                return false;
            }

            @Override
            public List<ClientRegistration> all() {
                return List.of(registrations);
            }
        };
    }
}

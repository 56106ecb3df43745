package org.kaphub.security;

import org.junit.jupiter.api.Test;
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
    void thePart2ScopeIsGrantedByThePart2FlagOnly() {
        SecurityProperties properties = new SecurityProperties(SecurityProperties.Mode.PRODUCTION, null, "https://kap.example",
                "kap-hub", java.time.Duration.ofMinutes(5), null, null, new SecurityProperties.External(null, null, null),
                List.of(new SecurityProperties.Client("listed", "{bcrypt}x", null, List.of("system/*.rs", SmartScope.PART2),
                                List.of(), List.of(), false, null),
                        new SecurityProperties.Client("flagged", "{bcrypt}x", null, List.of("system/*.rs"),
                                List.of(), List.of(), true, null)),
                org.springframework.util.unit.DataSize.ofMegabytes(16));
        PropertiesClientRegistry registry = new PropertiesClientRegistry(properties);
        assertThat(registry.find("listed").orElseThrow().scopes()).doesNotContain(SmartScope.PART2);
        assertThat(registry.find("flagged").orElseThrow().scopes()).contains(SmartScope.PART2);
    }

    @Test
    void certificateSubjectsMatchInEitherRdnOrder() {
        assertThat(PropertiesClientRegistry.normalise("CN=partner-south,O=KAP Test"))
                .isEqualTo(PropertiesClientRegistry.normalise("O=KAP Test, CN=partner-south"));
        assertThat(PropertiesClientRegistry.normalise("CN=partner-south,O=KAP Test"))
                .isNotEqualTo(PropertiesClientRegistry.normalise("CN=partner-north,O=KAP Test"));
    }

    @Test
    void productionRefusesDevelopmentSecretsAMissingSigningKeyAndAMissingIssuer() {
        SecurityProperties production = new SecurityProperties(SecurityProperties.Mode.PRODUCTION, "kap-dev-secret", null,
                "kap-hub", java.time.Duration.ofMinutes(5), null, null, new SecurityProperties.External(null, null, null),
                List.of(new SecurityProperties.Client("plain", "kap-dev-secret", null, List.of("system/*.rs"), List.of(),
                        List.of(), false, null)), org.springframework.util.unit.DataSize.ofMegabytes(16));
        List<String> problems = SecurityStartupCheck.problems(production, new PropertiesClientRegistry(production));
        assertThat(problems).anyMatch(p -> p.contains("KAP_JWT_SIGNING_KEY"))
                .anyMatch(p -> p.contains("KAP_ISSUER"))
                .anyMatch(p -> p.contains("plain-text secret"))
                .anyMatch(p -> p.contains("development secret"));
        assertThat(new PropertiesClientRegistry(production).find("kap-dev")).isEmpty();
    }
}

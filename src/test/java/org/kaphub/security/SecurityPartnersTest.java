package org.kaphub.security;

import org.junit.jupiter.api.Test;
import org.kaphub.partners.OutboundAuth;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Production keeps KAP Hub's own secrets (outbound-auth, TLS store passwords) out of the registry file; development may write them there. */
class SecurityPartnersTest {

    @Test
    void productionRefusesASecretWrittenInTheRegistryFileAndTakesOneNamedThere() {
        for (String key : List.of("secret", "truststore-password", "keystore-password")) {
            assertThat(SecurityPartners.writtenSecretProblem(key, new OutboundAuth.Secret.Literal("plain"), false))
                    .hasValueSatisfying(problem -> assertThat(problem).startsWith(key + " is written")
                            .contains(key + "-env or " + key + "-file").doesNotContain("plain"));
            assertThat(SecurityPartners.writtenSecretProblem(key, new OutboundAuth.Secret.Env("RX_SECRET"), false)).isEmpty();
            assertThat(SecurityPartners.writtenSecretProblem(key, new OutboundAuth.Secret.File(Path.of("/run/secrets/rx")), false))
                    .isEmpty();
            assertThat(SecurityPartners.writtenSecretProblem(key, new OutboundAuth.Secret.Literal("plain"), true))
                    .as("development").isEmpty();
        }
    }
}

package org.kaphub.security;

import org.junit.jupiter.api.Test;
import org.kaphub.partners.OutboundAuth;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Production keeps KAP Hub's own secret at a partner out of the registry file; development may write it there. */
class SecurityPartnersTest {

    @Test
    void productionRefusesAnOutboundSecretWrittenInTheRegistryFileAndTakesOneNamedThere() {
        assertThat(SecurityPartners.outboundSecretProblem(auth(new OutboundAuth.Secret.Literal("plain")), false))
                .hasValueSatisfying(problem -> assertThat(problem).contains("secret-env or secret-file").doesNotContain("plain"));
        assertThat(SecurityPartners.outboundSecretProblem(auth(new OutboundAuth.Secret.Env("RX_SECRET")), false)).isEmpty();
        assertThat(SecurityPartners.outboundSecretProblem(auth(new OutboundAuth.Secret.File(Path.of("/run/secrets/rx"))), false)).isEmpty();
        assertThat(SecurityPartners.outboundSecretProblem(new OutboundAuth("https://rx.example/token", "kap-hub",
                OutboundAuth.Method.PRIVATE_KEY_JWT, null, List.of()), false)).isEmpty();
        assertThat(SecurityPartners.outboundSecretProblem(auth(new OutboundAuth.Secret.Literal("plain")), true)).isEmpty();
    }

    private static OutboundAuth auth(OutboundAuth.Secret secret) {
        return new OutboundAuth("https://rx.example/token", "kap-hub", OutboundAuth.Method.CLIENT_SECRET_BASIC, secret, List.of());
    }
}

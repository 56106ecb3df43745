package org.kaphub.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * MLLP over TLS (KAP_MLLP_TLS_*): off by default, so plain MLLP keeps working with zero set-up. client-auth
 * REQUIRE refuses a partner without a certificate our trust store accepts; its subject then names the partner
 * (its partner's {@code certificate-subjects} in the partner registry).
 */
@ConfigurationProperties("kap.mllp.tls")
record MllpTlsProperties(boolean enabled,
                         String keystore,
                         String keystorePassword,
                         @DefaultValue("PKCS12") String keystoreType,
                         String truststore,
                         String truststorePassword,
                         @DefaultValue("NONE") ClientAuth clientAuth) {

    enum ClientAuth { NONE, WANT, REQUIRE }
}

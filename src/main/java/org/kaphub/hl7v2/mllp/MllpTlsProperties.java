package org.kaphub.hl7v2.mllp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * MLLP over TLS (KAP_MLLP_TLS_*): off by default, so plain MLLP keeps working with zero set-up in development mode.
 * client-auth REQUIRE refuses a partner without a certificate our trust store accepts; its subject then names the
 * partner (the registry's {@code certificate-subjects}). Production opens a plain-TCP listener only with
 * {@code allow-plain} (KAP_MLLP_ALLOW_PLAIN=true, for a listener reachable only through a VPN): see {@link MllpTransport}.
 */
@ConfigurationProperties("kap.mllp.tls")
record MllpTlsProperties(boolean enabled,
                         String keystore,
                         String keystorePassword,
                         @DefaultValue("PKCS12") String keystoreType,
                         String truststore,
                         String truststorePassword,
                         @DefaultValue("NONE") ClientAuth clientAuth,
                         boolean allowPlain) {

    enum ClientAuth { NONE, WANT, REQUIRE }
}

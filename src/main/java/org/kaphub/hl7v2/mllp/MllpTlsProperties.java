package org.kaphub.hl7v2.mllp;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * MLLP over TLS: off by default, so plain MLLP keeps working with zero set-up in development mode. client-auth REQUIRE
 * refuses a partner without a certificate our trust store accepts; its subject then names the partner (the registry's
 * {@code certificate-subjects}). Production opens a plain-TCP listener only with {@code allow-plain}: see
 * {@link MllpTransport}.
 *
 * @param enabled            put every MLLP listener on TLS (false: plain MLLP)
 * @param keystore           key store file with the server key and certificate
 * @param keystorePassword   password of the key store and of its key
 * @param keystoreType       type of the key store
 * @param truststore         PKCS#12 file with the CA(s) of partner certificates
 * @param truststorePassword password of the trust store
 * @param clientAuth         NONE, WANT or REQUIRE: with REQUIRE a partner without an accepted certificate gets no
 *                           connection
 * @param allowPlain         production only: allow a plain-TCP MLLP listener (true only for a listener reachable
 *                           through a VPN or trusted network; senders are then known by MSH-3/MSH-4 alone)
 */
@Validated
@ConfigurationProperties("kap.mllp.tls")
record MllpTlsProperties(boolean enabled,
                         String keystore,
                         String keystorePassword,
                         @DefaultValue("PKCS12") @NotBlank String keystoreType,
                         String truststore,
                         String truststorePassword,
                         @DefaultValue("NONE") @NotNull ClientAuth clientAuth,
                         boolean allowPlain) {

    enum ClientAuth { NONE, WANT, REQUIRE }

    @AssertTrue(message = "enabled needs a keystore (kap.mllp.tls.keystore)")
    boolean isKeystoreSetWhenEnabled() {
        return !enabled || (keystore != null && !keystore.isBlank());
    }
}

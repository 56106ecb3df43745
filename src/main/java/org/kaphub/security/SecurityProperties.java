package org.kaphub.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Who may get in and with what (README "Security"). Development mode is the embedded default: a client
 * {@code kap-dev} with a known secret and a signing key generated under the data directory. Production mode
 * refuses to start with either of those (see {@link SecurityStartupCheck}).
 */
@Validated
@ConfigurationProperties("kap.security")
public record SecurityProperties(@DefaultValue("development") @NotNull Mode mode,
                          @DefaultValue(DEV_SECRET_DEFAULT) String devClientSecret,
                          /* Our issuer URL; blank: derived from each request's host. */
                          String issuer,
                          @DefaultValue("kap-hub") @NotBlank String tokenAudience,
                          @DefaultValue("5m") @NotNull Duration tokenLifetime,
                          /* PEM (PKCS#8 private key) or PKCS#12 file; blank in development: generated once. */
                          String jwtSigningKey,
                          String jwtSigningKeyPassword,
                          @DefaultValue @Valid External external,
                          @DefaultValue("16MB") @NotNull DataSize fhirMaxRequestSize) {

    static final String DEV_SECRET_DEFAULT = "kap-dev-secret";
    static final String DEV_CLIENT_ID = "kap-dev";

    enum Mode { DEVELOPMENT, PRODUCTION }

    /** A clinic's own identity provider whose access tokens are accepted as well. */
    record External(String issuer, String jwksUri, String audience) {
        boolean configured() {
            return issuer != null && !issuer.isBlank();
        }
    }

    public boolean development() {
        return mode == Mode.DEVELOPMENT;
    }
}

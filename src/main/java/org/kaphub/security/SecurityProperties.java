package org.kaphub.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
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
 *
 * @param mode                  development (client kap-dev, generated signing key, start-up banner) or production
 *                              (refuses development secrets and keys)
 * @param devClientSecret       secret of the development client kap-dev (development mode only)
 * @param issuer                our issuer URL, as tokens' iss and in discovery; blank: derived from each request
 *                              (scheme://host:port of the call); set it behind a proxy
 * @param tokenAudience         aud our tokens carry and every accepted token must carry
 * @param tokenLifetime         access token lifetime
 * @param jwtSigningKey         PEM (PKCS#8 private key) or PKCS#12 (.p12) file with the RSA signing key; blank in
 *                              development: generated once under the data directory
 * @param jwtSigningKeyPassword password of the signing key file, if any
 * @param external              a clinic's own identity provider whose access tokens are accepted as well
 * @param fhirMaxRequestSize    largest FHIR request body; a larger one is refused with 413
 */
@Validated
@ConfigurationProperties("kap.security")
public record SecurityProperties(@DefaultValue("development") @NotNull Mode mode,
                          @DefaultValue(DEV_SECRET_DEFAULT) String devClientSecret,
                          String issuer,
                          @DefaultValue("kap-hub") @NotBlank String tokenAudience,
                          @DefaultValue("5m") @NotNull Duration tokenLifetime,
                          String jwtSigningKey,
                          String jwtSigningKeyPassword,
                          @DefaultValue @Valid External external,
                          @DefaultValue("16MB") @NotNull DataSize fhirMaxRequestSize) {

    static final String DEV_SECRET_DEFAULT = "kap-dev-secret";
    static final String DEV_CLIENT_ID = "kap-dev";

    enum Mode { DEVELOPMENT, PRODUCTION }

    /**
     * A clinic's own identity provider whose access tokens are accepted as well.
     *
     * @param issuer   its issuer URL (tokens' iss); blank: no external identity provider
     * @param jwksUri  where its signing keys are published
     * @param audience aud its tokens must carry for KAP Hub
     */
    record External(String issuer, String jwksUri, String audience) {
        boolean configured() {
            return issuer != null && !issuer.isBlank();
        }
    }

    @AssertTrue(message = "token-lifetime must be positive")
    boolean isTokenLifetimePositive() {
        return tokenLifetime == null || tokenLifetime.compareTo(Duration.ZERO) > 0;
    }

    @AssertTrue(message = "fhir-max-request-size must be positive")
    boolean isFhirMaxRequestSizePositive() {
        return fhirMaxRequestSize == null || fhirMaxRequestSize.toBytes() > 0;
    }

    public boolean development() {
        return mode == Mode.DEVELOPMENT;
    }
}

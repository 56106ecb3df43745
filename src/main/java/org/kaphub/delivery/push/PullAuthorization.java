package org.kaphub.delivery.push;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import org.kaphub.delivery.pull.PartnerAuthorization;
import org.kaphub.partners.Partner;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

import java.util.Optional;

/**
 * A pull from a partner signs in as a push to it does: with the partner's {@code outbound-auth} (a bearer token of
 * its authorization server, cached by {@link PartnerTokens}); a partner without one is pulled from unauthenticated.
 */
@Component
class PullAuthorization implements PartnerAuthorization {

    private final PartnerTokens tokens;

    PullAuthorization(PartnerTokens tokens) {
        this.tokens = tokens;
    }

    /** @throws FhirClientConnectionException no token: to the pull, the partner is not reachable this time */
    @Override
    public Optional<String> header(Partner partner) {
        try {
            return tokens.bearer(partner).map(token -> "Bearer " + token);
        } catch (OAuth2AuthorizationException e) {
            throw new FhirClientConnectionException("token refused by the partner's authorization server: "
                    + e.getError().getErrorCode());
        } catch (RestClientException e) {
            throw new FhirClientConnectionException("token endpoint not reachable: " + e.getClass().getSimpleName());
        } catch (IllegalStateException e) {
            throw new FhirClientConnectionException("KAP Hub's secret for the partner cannot be read: " + e.getMessage());
        }
    }
}

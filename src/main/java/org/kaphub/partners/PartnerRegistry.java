package org.kaphub.partners;

import java.util.List;
import java.util.Optional;

/**
 * The one source every other package asks who is who: loaded from the registry file ({@code KAP_PARTNERS_FILE}),
 * kept in KAP Hub's own tables, reloaded when the file changes. Disabled partners are not found by the lookups.
 */
public interface PartnerRegistry {

    /** Every partner, the disabled ones included (the console shows them). */
    List<Partner> all();

    Optional<Partner> byId(String id);

    /** The enabled partner one of whose OAuth clients has this client id. */
    Optional<Partner> byClientId(String clientId);

    /**
     * The partner one of whose OAuth clients has this client id, enabled or not: a token naming a disabled partner's
     * client is refused, where one naming an unknown client may still come from an external issuer.
     */
    Optional<Partner> anyByClientId(String clientId);

    /** The enabled partner whose TLS certificate has this subject (RFC 2253 or OpenSSL order, compared canonically). */
    Optional<Partner> byCertificateSubject(String subject);

    /** The enabled partner registered for this MSH-3 / MSH-4 pair (first components, compared exactly). */
    Optional<Partner> byHl7v2Sender(String application, String facility);

    /** Whether any partner names HL7 v2 senders (until then, development mode takes plain-TCP HL7 v2 from anyone). */
    boolean namesHl7v2Senders();
}

package org.kaphub.hl7v2.inbound;

import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerRegistry;
import org.kaphub.security.SecurityProperties;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who sent an HL7 v2 message (README "HL7 v2 in"). Every message is attributed to a registered, enabled partner:
 * on a connection with a TLS client certificate by the certificate's subject, otherwise by the registry's
 * {@code hl7v2-senders} (MSH-3 / MSH-4, first components). What cannot be attributed is refused:
 * <ul>
 *   <li>a certificate no partner registers;</li>
 *   <li>MSH-3 / MSH-4 naming a sender another partner registered (whoever the certificate names);</li>
 *   <li>without a certificate: an unregistered sender, or the sender of a partner that registers certificates
 *   (its messages must come over its own TLS connection; MSH-3 / MSH-4 are only what a message claims).</li>
 * </ul>
 * Development mode, while no partner names HL7 v2 senders, takes any message without a certificate as the
 * {@link #developmentPartner()} — no limits — so the README's zero set-up path keeps working.
 */
@Component
public class Hl7v2Senders implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(Hl7v2Senders.class);

    static final String DEVELOPMENT_PARTNER_ID = "hl7v2-development";
    private static final Partner DEVELOPMENT_PARTNER = new Partner(DEVELOPMENT_PARTNER_ID,
            "Any HL7 v2 sender (development mode, no senders registered)", Partner.Kind.EHR, null, null, Set.of(),
            false, true, Set.of(), List.of(), Set.of(), List.of(), List.of(), Set.of());

    private final PartnerRegistry registry;
    private final boolean development;

    @Autowired
    Hl7v2Senders(PartnerRegistry registry, SecurityProperties properties) {
        this(registry, properties.development());
    }

    Hl7v2Senders(PartnerRegistry registry, boolean development) {
        this.registry = registry;
        this.development = development;
    }

    /** How a message was attributed, or why it was not. */
    public sealed interface Attribution permits Attributed, Refused {
    }

    /** Sent by {@code partner}, known {@code by} its certificate, its registered sender, or development mode. */
    public record Attributed(Partner partner, By by) implements Attribution {
    }

    public enum By { CERTIFICATE, SENDER, DEVELOPMENT_MODE }

    /** Not attributed; {@code reason} names no value of the message or certificate. */
    public record Refused(Reason reason) implements Attribution {
    }

    public enum Reason {
        UNREGISTERED_CERTIFICATE("The TLS client certificate is not registered to an enabled partner"),
        SENDER_OF_ANOTHER_PARTNER("MSH-3/MSH-4 name an HL7 v2 sender registered to another partner"),
        CERTIFICATE_REQUIRED("This HL7 v2 sender's partner connects with a TLS client certificate; "
                + "its messages are not taken without it"),
        UNREGISTERED_SENDER("MSH-3/MSH-4 (sending application/facility) are not a registered HL7 v2 sender");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** Whether MSH-3 / MSH-4 are what is wrong (rather than the connection's certificate). */
        public boolean aboutSender() {
            return this != UNREGISTERED_CERTIFICATE;
        }
    }

    /**
     * @param certificateSubject the subject of the connection's TLS client certificate; null without one
     * @param application        MSH-3, first component (null when absent)
     * @param facility           MSH-4, first component (null when absent)
     */
    public Attribution attribute(String certificateSubject, String application, String facility) {
        Optional<Partner> named = application == null || facility == null ? Optional.empty()
                : registry.byHl7v2Sender(application, facility);
        if (certificateSubject != null) {
            Optional<Partner> certified = registry.byCertificateSubject(certificateSubject);
            if (certified.isEmpty()) {
                return new Refused(Reason.UNREGISTERED_CERTIFICATE);
            }
            if (named.isPresent() && !Objects.equals(named.get().id(), certified.get().id())) {
                return new Refused(Reason.SENDER_OF_ANOTHER_PARTNER);
            }
            return new Attributed(certified.get(), By.CERTIFICATE);
        }
        if (named.isPresent()) {
            return named.get().certificateSubjects().isEmpty()
                    ? new Attributed(named.get(), By.SENDER)
                    : new Refused(Reason.CERTIFICATE_REQUIRED);
        }
        if (development && !registry.namesHl7v2Senders()) {
            return new Attributed(DEVELOPMENT_PARTNER, By.DEVELOPMENT_MODE);
        }
        return new Refused(Reason.UNREGISTERED_SENDER);
    }

    /**
     * The inbound route's attribute step: the partner that sent the message. Anything else is refused: AR 103,
     * nothing stored.
     */
    public InboundMessage attribute(@Body InboundMessage in) throws UnattributedMessageException {
        Attribution attribution = attribute(in.connection().certificateSubject(), in.header().sendingApplication(),
                in.header().sendingFacility());
        if (attribution instanceof Refused refused) {
            throw new UnattributedMessageException(refused.reason());
        }
        return in.attributedTo(((Attributed) attribution).partner());
    }

    /** Says so at start-up, loudly, while development mode takes HL7 v2 from anyone. */
    @Override
    public void afterPropertiesSet() {
        if (development && !registry.namesHl7v2Senders()) {
            log.warn("""

                    ***********************************************************************************
                    *  HL7 v2: DEVELOPMENT mode and the partner registry names no hl7v2-senders, so   *
                    *  every message without a TLS client certificate is taken from ANY sender, as    *
                    *  partner '{}' without limits. Register your senders             *
                    *  (hl7v2-senders in KAP_PARTNERS_FILE): from then on unregistered senders get    *
                    *  AR.                                                                            *
                    ***********************************************************************************""",
                    DEVELOPMENT_PARTNER_ID);
        }
    }

    /** The partner of development mode's unattributed messages: no organisation, identifier or type limit. */
    public static Partner developmentPartner() {
        return DEVELOPMENT_PARTNER;
    }
}

package org.kaphub.security;

import org.kaphub.partners.PartnerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * What the MLLP listener is, decided and said at start-up, before any route opens a port. Production does not open
 * a plain-TCP listener unless told to (KAP_MLLP_TLS_ALLOWPLAIN=true, for a listener reachable only through a VPN): on
 * plain TCP a sender is known only by what its messages claim (MSH-3 / MSH-4). Without TLS and without that setting
 * production refuses to start — like a missing signing key — rather than start without HL7 v2 intake: clinics would
 * learn of it only when their interface engines' queues fill, and a half-started server would still answer ready.
 */
@Component
class MllpTransport implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(MllpTransport.class);

    enum Listener {
        /** MLLP over TLS: the listener takes client certificates (as kap.mllp.tls.client-auth says). */
        TLS,
        /** Plain TCP in production, as configured (KAP_MLLP_TLS_ALLOWPLAIN=true). */
        PLAIN_ALLOWED,
        /** Plain TCP, development mode. */
        PLAIN_DEVELOPMENT,
        /** Production without TLS and without KAP_MLLP_TLS_ALLOWPLAIN: no start. */
        REFUSED
    }

    private final SecurityProperties security;
    private final MllpTlsProperties tls;
    private final PartnerRegistry registry;

    MllpTransport(SecurityProperties security, MllpTlsProperties tls, PartnerRegistry registry) {
        this.security = security;
        this.tls = tls;
        this.registry = registry;
    }

    static Listener decide(boolean development, boolean tlsEnabled, boolean allowPlain) {
        if (tlsEnabled) {
            return Listener.TLS;
        }
        if (development) {
            return Listener.PLAIN_DEVELOPMENT;
        }
        return allowPlain ? Listener.PLAIN_ALLOWED : Listener.REFUSED;
    }

    @Override
    public void afterPropertiesSet() {
        switch (decide(security.development(), tls.enabled(), tls.allowPlain())) {
            case TLS -> log.info("MLLP: the HL7 v2 listener uses TLS (client certificates: {}); a certificate names "
                    + "its partner, a connection without one is attributed by the registry's hl7v2-senders", tls.clientAuth());
            case PLAIN_ALLOWED -> log.warn("MLLP: plain-TCP HL7 v2 listener (KAP_MLLP_TLS_ALLOWPLAIN=true): senders "
                    + "are known only by MSH-3/MSH-4, which anyone reaching the port can claim. Keep it behind a VPN.");
            case PLAIN_DEVELOPMENT -> log.info("MLLP: plain-TCP HL7 v2 listener (development mode)");
            case REFUSED -> throw new IllegalStateException("KAP_SECURITY_MODE=production refuses to open a "
                    + "plain-TCP MLLP listener: configure MLLP over TLS (KAP_MLLP_TLS_ENABLED=true with "
                    + "KAP_MLLP_TLS_KEYSTORE, …) or, for a listener reachable only through a VPN, set KAP_MLLP_TLS_ALLOWPLAIN=true");
        }
        if (security.development() && !registry.namesHl7v2Senders()) {
            log.warn("""

                    ***********************************************************************************
                    *  HL7 v2: DEVELOPMENT mode and the partner registry names no hl7v2-senders, so   *
                    *  every message without a TLS client certificate is taken from ANY sender, as    *
                    *  partner '{}' without limits. Register your senders             *
                    *  (hl7v2-senders in KAP_PARTNERS_FILE): from then on unregistered senders get    *
                    *  AR.                                                                            *
                    ***********************************************************************************""",
                    Hl7v2Senders.DEVELOPMENT_PARTNER_ID);
        }
    }
}

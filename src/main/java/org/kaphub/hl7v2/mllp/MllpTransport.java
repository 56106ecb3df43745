package org.kaphub.hl7v2.mllp;

import org.kaphub.security.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
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

    private final boolean development;
    private final MllpTlsProperties tls;

    @Autowired
    MllpTransport(SecurityProperties security, MllpTlsProperties tls) {
        this(security.development(), tls);
    }

    MllpTransport(boolean development, MllpTlsProperties tls) {
        this.development = development;
        this.tls = tls;
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
        switch (decide(development, tls.enabled(), tls.allowPlain())) {
            case TLS -> log.info("MLLP: the HL7 v2 listener uses TLS (client certificates: {}); a certificate names "
                    + "its partner, a connection without one is attributed by the registry's hl7v2-senders", tls.clientAuth());
            case PLAIN_ALLOWED -> log.warn("MLLP: plain-TCP HL7 v2 listener (KAP_MLLP_TLS_ALLOWPLAIN=true): senders "
                    + "are known only by MSH-3/MSH-4, which anyone reaching the port can claim. Keep it behind a VPN.");
            case PLAIN_DEVELOPMENT -> log.info("MLLP: plain-TCP HL7 v2 listener (development mode)");
            case REFUSED -> throw new IllegalStateException("KAP_SECURITY_MODE=production refuses to open a "
                    + "plain-TCP MLLP listener: configure MLLP over TLS (KAP_MLLP_TLS_ENABLED=true with "
                    + "KAP_MLLP_TLS_KEYSTORE, …) or, for a listener reachable only through a VPN, set "
                    + "KAP_MLLP_TLS_ALLOWPLAIN=true");
        }
    }
}

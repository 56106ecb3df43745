package org.kaphub.delivery.mllp;

import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePattern;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.kaphub.partners.Hl7v2Out;
import org.kaphub.partners.Partner;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The camel-mllp producer endpoint of each receiving partner: host and port from its {@code endpoint}, time-outs from
 * {@link MllpOutProperties}, and TLS from its {@code hl7v2-out: tls} (Camel {@code SSLContextParameters}, as the
 * listener's {@code MllpTlsConfig}; a key store makes it mutual TLS). Made here from a fresh configuration rather than
 * resolved from a URI, so the listener's component-wide TLS (kap.mllp.tls.enabled) never reaches a partner connection
 * and two partners at one address keep their own TLS. One endpoint per partner, made again when its registry entry
 * changes: its producer keeps one connection open and sends one message at a time over it. The store passwords are read
 * (from the environment or a file) when the endpoint is made.
 */
@Component
class MllpEndpoints {

    private final CamelContext camel;
    private final MllpOutProperties properties;
    private static final AtomicLong MADE = new AtomicLong();
    private final Map<String, Made> endpoints = new ConcurrentHashMap<>();

    private record Made(String setup, MllpEndpoint endpoint) {
    }

    MllpEndpoints(CamelContext camel, MllpOutProperties properties) {
        this.camel = camel;
        this.properties = properties;
    }

    /** The partner's endpoint, started; {@code charset}: how its ACKs are read (the partner's MSH-18). */
    MllpEndpoint of(Partner partner, Charset charset) {
        Hl7v2Out.Tls tls = partner.hl7v2Out() == null ? null : partner.hl7v2Out().tls();
        String setup = partner.endpoint() + " " + charset.name() + " " + Objects.hashCode(tls);
        return endpoints.compute(partner.id(), (id, made) -> {
            if (made != null && made.setup().equals(setup)) {
                return made;
            }
            if (made != null) {
                ServiceHelper.stopService(made.endpoint()); // its registry entry changed: its connection goes
            }
            return new Made(setup, make(partner, charset, tls));
        }).endpoint();
    }

    private MllpEndpoint make(Partner partner, Charset charset, Hl7v2Out.Tls tls) {
        URI address = URI.create(partner.endpoint());
        MllpConfiguration configuration = new MllpConfiguration();
        configuration.setExchangePattern(ExchangePattern.InOut);
        configuration.setConnectTimeout((int) properties.connectTimeout().toMillis());
        configuration.setReceiveTimeout((int) properties.ackTimeout().toMillis());
        configuration.setReadTimeout((int) properties.ackTimeout().toMillis());
        configuration.setIdleTimeout((int) properties.idleTimeout().toMillis());
        configuration.setCharsetName(charset.name());
        configuration.setSslContextParameters(tls == null ? null : sslContext(tls));
        // Camel's producer cache takes endpoints with one URI for one: a URI of their own keeps two partners at one
        // address (and an entry made again) from sharing a producer, and with it a connection and its TLS.
        MllpEndpoint endpoint = new MllpEndpoint("mllp://" + address.getHost() + ":" + address.getPort()
                + "?kapPartner=" + partner.id() + "&kapMade=" + MADE.incrementAndGet(),
                camel.getComponent("mllp", MllpComponent.class), configuration);
        endpoint.setHostname(address.getHost());
        endpoint.setPort(address.getPort());
        ServiceHelper.startService(endpoint);
        return endpoint;
    }
    private SSLContextParameters sslContext(Hl7v2Out.Tls tls) {
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setCamelContext(camel);
        if (tls.truststore() != null) {
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store(tls.truststore(), tls.truststorePassword().value()));
            parameters.setTrustManagers(trust);
        }
        if (tls.keystore() != null) {
            KeyManagersParameters keys = new KeyManagersParameters();
            String password = tls.keystorePassword().value();
            keys.setKeyStore(store(tls.keystore(), password));
            keys.setKeyPassword(password);
            parameters.setKeyManagers(keys);
        }
        return parameters;
    }

    private KeyStoreParameters store(String file, String password) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setCamelContext(camel);
        store.setResource("file:" + Path.of(file).toAbsolutePath());
        store.setPassword(password);
        store.setType("PKCS12");
        return store;
    }
}

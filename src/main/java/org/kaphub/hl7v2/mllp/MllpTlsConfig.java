package org.kaphub.hl7v2.mllp;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/**
 * The TLS side of the MLLP listeners. The bean {@code mllpTls} exists once a key store is configured (a route
 * may name it: {@code sslContextParameters: "#mllpTls"}); with {@code kap.mllp.tls.enabled=true} it is set on the
 * mllp component, so the routes in camel-routes/ switch to TLS without being edited.
 */
@Configuration
class MllpTlsConfig {

    @Bean
    @ConditionalOnProperty(prefix = "kap.mllp.tls", name = "keystore")
    SSLContextParameters mllpTls(MllpTlsProperties tls, CamelContext camel) {
        KeyStoreParameters keyStore = store(tls.keystore(), tls.keystorePassword(), tls.keystoreType(), camel);
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(keyStore);
        keys.setKeyPassword(tls.keystorePassword());
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setCamelContext(camel);
        parameters.setKeyManagers(keys);
        if (tls.truststore() != null && !tls.truststore().isBlank()) {
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store(tls.truststore(), tls.truststorePassword(), "PKCS12", camel));
            parameters.setTrustManagers(trust);
        }
        SSLContextServerParameters server = new SSLContextServerParameters();
        server.setCamelContext(camel);
        server.setClientAuthentication(tls.clientAuth().name());
        parameters.setServerParameters(server);
        parameters.setSecureSocketProtocol("TLSv1.3");
        return parameters;
    }

    @Bean
    @ConditionalOnProperty(prefix = "kap.mllp.tls", name = "enabled", havingValue = "true")
    ComponentCustomizer mllpComponentTls(SSLContextParameters mllpTls) {
        return ComponentCustomizer.builder(MllpComponent.class).build(mllp -> {
            MllpConfiguration configuration = mllp.hasConfiguration() ? mllp.getConfiguration() : new MllpConfiguration();
            configuration.setSslContextParameters(mllpTls);
            mllp.setConfiguration(configuration);
        });
    }

    private static KeyStoreParameters store(String file, String password, String type, CamelContext camel) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setCamelContext(camel);
        store.setResource("file:" + Path.of(file).toAbsolutePath());
        store.setPassword(password);
        store.setType(type);
        return store;
    }
}

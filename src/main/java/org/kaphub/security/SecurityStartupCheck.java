package org.kaphub.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Production refuses to start with development secrets: no configured signing key, a plain or {noop} client
 * secret, or the documented development secret. Development says so loudly at every start.
 */
@Component
class SecurityStartupCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SecurityStartupCheck.class);

    private final SecurityProperties properties;
    private final ClientRegistry registry;

    SecurityStartupCheck(SecurityProperties properties, ClientRegistry registry) {
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public void afterPropertiesSet() {
        if (properties.development()) {
            log.warn("""

                    ***********************************************************************************
                    *  KAP Hub is in DEVELOPMENT mode (KAP_SECURITY_MODE=development).                *
                    *  Client '{}' exists with a {} secret and the token signing key is   *
                    *  generated under the data directory. Never hold real patient data like this:    *
                    *  set KAP_SECURITY_MODE=production with a signing key and registered partner     *
                    *  clients.                                                                       *
                    ***********************************************************************************""",
                    SecurityProperties.DEV_CLIENT_ID,
                    SecurityProperties.DEV_SECRET_DEFAULT.equals(properties.devClientSecret()) ? "DEFAULT" : "custom ");
            return;
        }
        List<String> problems = problems(properties, registry);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("KAP_SECURITY_MODE=production refuses to start: "
                    + String.join("; ", problems));
        }
        log.info("Security: production mode, {} registered client(s)", registry.all().size());
    }

    static List<String> problems(SecurityProperties properties, ClientRegistry registry) {
        List<String> problems = new ArrayList<>();
        if (properties.jwtSigningKey() == null || properties.jwtSigningKey().isBlank()) {
            problems.add("KAP_SECURITY_JWTSIGNINGKEY is not set");
        }
        if (properties.issuer() == null || properties.issuer().isBlank()) {
            // Without it the token endpoint and issuer are taken from each request's Host header, which a client sets.
            problems.add("KAP_SECURITY_ISSUER (the public base URL partners use) is not set");
        }
        for (ClientRegistration client : registry.all()) {
            SecurityPartners.secretProblem(client.secret())
                    .ifPresent(problem -> problems.add("client '" + client.clientId() + "': " + problem));
        }
        return problems;
    }
}

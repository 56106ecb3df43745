package org.kaphub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.List;
import java.util.Map;

/**
 * Refuses to start while an environment variable is set that KAP Hub read before its settings took Spring's relaxed
 * names and that nothing reads any more. Ignored, it would fail open: KAP_MODE=production would start in development
 * mode with the known kap-dev secret, KAP_DB_URL would leave the clinic's database for an empty embedded one. Not an
 * alias: the old name is refused, with the one to use instead.
 */
class RenamedVariables implements EnvironmentPostProcessor {

    static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("KAP_DB_URL", "SPRING_DATASOURCE_URL"),
            Map.entry("KAP_DB_USER", "SPRING_DATASOURCE_USERNAME"),
            Map.entry("KAP_DB_PASSWORD", "SPRING_DATASOURCE_PASSWORD"),
            Map.entry("KAP_DB_POOL_SIZE", "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE"),
            Map.entry("KAP_HTTPS_ENABLED", "SERVER_SSL_ENABLED"),
            Map.entry("KAP_HTTPS_KEYSTORE", "SERVER_SSL_KEYSTORE"),
            Map.entry("KAP_HTTPS_KEYSTORE_PASSWORD", "SERVER_SSL_KEYSTOREPASSWORD"),
            Map.entry("KAP_HTTPS_CLIENT_AUTH", "SERVER_SSL_CLIENTAUTH"),
            Map.entry("KAP_ROUTES", "CAMEL_MAIN_ROUTESINCLUDEPATTERN"),
            Map.entry("KAP_ROUTES_RELOAD", "CAMEL_MAIN_ROUTESRELOADENABLED"),
            Map.entry("KAP_ROUTES_RELOAD_DIR", "CAMEL_MAIN_ROUTESRELOADDIRECTORY"),
            Map.entry("KAP_PROFILE_VALIDATION", "KAP_PROFILES_ENFORCE"),
            Map.entry("KAP_MLLP_MAX_BYTES", "KAP_MLLP_MAXMESSAGEBYTES"),
            Map.entry("KAP_MLLP_ALLOW_PLAIN", "KAP_MLLP_TLS_ALLOWPLAIN"),
            Map.entry("KAP_MODE", "KAP_SECURITY_MODE"),
            Map.entry("KAP_DEV_CLIENT_SECRET", "KAP_SECURITY_DEVCLIENTSECRET"),
            Map.entry("KAP_ISSUER", "KAP_SECURITY_ISSUER"),
            Map.entry("KAP_TOKEN_AUDIENCE", "KAP_SECURITY_TOKENAUDIENCE"),
            Map.entry("KAP_TOKEN_LIFETIME", "KAP_SECURITY_TOKENLIFETIME"),
            Map.entry("KAP_JWT_SIGNING_KEY", "KAP_SECURITY_JWTSIGNINGKEY"),
            Map.entry("KAP_JWT_SIGNING_KEY_PASSWORD", "KAP_SECURITY_JWTSIGNINGKEYPASSWORD"),
            Map.entry("KAP_EXTERNAL_ISSUER", "KAP_SECURITY_EXTERNAL_ISSUER"),
            Map.entry("KAP_EXTERNAL_JWKS_URI", "KAP_SECURITY_EXTERNAL_JWKSURI"),
            Map.entry("KAP_EXTERNAL_AUDIENCE", "KAP_SECURITY_EXTERNAL_AUDIENCE"),
            Map.entry("KAP_FHIR_MAX_REQUEST_BYTES", "KAP_SECURITY_FHIRMAXREQUESTSIZE"),
            Map.entry("KAP_PARTNERS", "KAP_PARTNERS_FILE"),
            Map.entry("KAP_IDENTIFIER_SYSTEM_BASE", "KAP_HL7V2_IDENTIFIERSYSTEMBASE"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        PropertySource<?> variables = environment.getPropertySources()
                .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (variables == null) {
            return;
        }
        List<String> found = RENAMED.keySet().stream().sorted()
                .filter(old -> variables.getProperty(old) != null)
                .map(old -> old + " is now " + RENAMED.get(old)).toList();
        if (!found.isEmpty()) {
            throw new IllegalStateException("Environment variables no longer read (README \"Configuration\"): "
                    + String.join(", ", found));
        }
    }
}

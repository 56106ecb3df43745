package org.kaphub.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.kaphub.vocabulary.CodeSystems;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SMART discovery: {@code [base]/.well-known/smart-configuration} (served at /fhir/… and at the root) and the
 * oauth-uris extension in the CapabilityStatement. Both are public, as SMART requires.
 */
@RestController
@Interceptor
class SmartConfiguration {

    static final List<String> SCOPES = List.of("system/*.rs", "system/*.cruds", "system/*.read", "system/*.*",
            "patient/*.rs", "patient/*.read", SmartScope.PART2, "system/AuditEvent.rs", SmartScope.ADMIN);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecurityProperties properties;

    SmartConfiguration(SecurityProperties properties) {
        this.properties = properties;
    }

    @GetMapping(path = "/.well-known/smart-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> smartConfiguration() {
        return document(issuer(null));
    }

    /** The FHIR servlet's own copy, so clients find it under the FHIR base URL. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    boolean serveUnderFhirBase(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/.well-known/smart-configuration".equals(request.getPathInfo()) || !"GET".equals(request.getMethod())) {
            return true;
        }
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), document(issuer(request)));
        return false;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    void advertiseOAuth(IBaseConformance capabilities, HttpServletRequest request) {
        if (!(capabilities instanceof CapabilityStatement statement) || statement.getRest().isEmpty()) {
            return;
        }
        String issuer = issuer(request);
        CapabilityStatement.CapabilityStatementRestSecurityComponent security = statement.getRestFirstRep().getSecurity();
        security.addService(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
                CodeSystems.RESTFUL_SECURITY_SERVICE, "SMART-on-FHIR", "SMART-on-FHIR")));
        security.setDescription("OAuth2 bearer tokens (SMART Backend Services); see .well-known/smart-configuration");
        Extension uris = security.addExtension().setUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        uris.addExtension("token", new UriType(issuer + "/oauth2/token"));
    }

    Map<String, Object> document(String issuer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer);
        body.put("jwks_uri", issuer + "/oauth2/jwks");
        body.put("token_endpoint", issuer + "/oauth2/token");
        body.put("grant_types_supported", List.of("client_credentials"));
        body.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt", "client_secret_basic", "client_secret_post"));
        body.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384"));
        body.put("scopes_supported", SCOPES);
        body.put("capabilities", List.of("client-confidential-asymmetric", "client-confidential-symmetric",
                "permission-v1", "permission-v2"));
        return body;
    }

    private String issuer(HttpServletRequest request) {
        if (properties.issuer() != null && !properties.issuer().isBlank()) {
            return properties.issuer();
        }
        return request == null
                ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()
                : ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
    }
}

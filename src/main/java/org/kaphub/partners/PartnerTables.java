package org.kaphub.partners;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The registry in force in KAP Hub's own tables (Liquibase {@code partners.yaml}), written whole on every load. */
@Repository
class PartnerTables {

    /** Children first, so foreign keys hold at every step. */
    private static final List<String> TABLES = List.of("KAP_PARTNER_CLIENT_SCOPE", "KAP_PARTNER_CLIENT", "KAP_PARTNER_VALUE",
            "KAP_PARTNER_CERTIFICATE", "KAP_PARTNER_HL7V2_SENDER", "KAP_PARTNER_NAMESPACE", "KAP_PARTNER");

    private final JdbcClient jdbc;

    PartnerTables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inside the caller's transaction, so the old rows stay until the new ones commit. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void replace(List<Partner> partners, Instant loadedAt) {
        TABLES.forEach(table -> jdbc.sql("DELETE FROM " + table).update());
        Timestamp at = Timestamp.from(loadedAt);
        for (Partner partner : partners) {
            jdbc.sql("""
                            INSERT INTO KAP_PARTNER (ID, NAME, KIND, PROTOCOL, ENDPOINT, PART2, ENABLED, LOADED_AT, PULL_INTERVAL_MS)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(partner.id(), partner.name(), spelling(partner.kind()), spelling(partner.protocol()),
                            partner.endpoint(), partner.part2(), partner.enabled(), at,
                            partner.pulled().map(pull -> pull.interval().toMillis()).orElse(null))
                    .update();
            for (PartnerClient client : partner.clients()) {
                jdbc.sql("INSERT INTO KAP_PARTNER_CLIENT (CLIENT_ID, PARTNER_ID, SECRET, JWKS_URI) VALUES (?, ?, ?, ?)")
                        .params(client.clientId(), partner.id(), client.secret(), client.jwksUri())
                        .update();
                client.scopes().forEach(scope -> jdbc.sql("INSERT INTO KAP_PARTNER_CLIENT_SCOPE (CLIENT_ID, SCOPE) VALUES (?, ?)")
                        .params(client.clientId(), scope).update());
            }
            values(partner, "ORGANIZATION", partner.organizations());
            values(partner, "RESOURCE_TYPE", partner.resourceTypes());
            values(partner, "RECEIVES", partner.receives());
            values(partner, "ASSIGNING_AUTHORITY", partner.assigningAuthorities());
            partner.pulled().ifPresent(pull -> values(partner, "PULL_RESOURCE_TYPE", Set.copyOf(pull.resourceTypes())));
            partner.certificateSubjects().forEach(subject ->
                    jdbc.sql("INSERT INTO KAP_PARTNER_CERTIFICATE (PARTNER_ID, SUBJECT) VALUES (?, ?)")
                            .params(partner.id(), subject).update());
            partner.hl7v2Senders().forEach(sender ->
                    jdbc.sql("INSERT INTO KAP_PARTNER_HL7V2_SENDER (PARTNER_ID, APPLICATION, FACILITY) VALUES (?, ?, ?)")
                            .params(partner.id(), sender.application(), sender.facility()).update());
            partner.assigningAuthorityNamespaces().forEach((namespace, system) ->
                    jdbc.sql("INSERT INTO KAP_PARTNER_NAMESPACE (PARTNER_ID, NAMESPACE_ID, SYSTEM_URI) VALUES (?, ?, ?)")
                            .params(partner.id(), namespace, system).update());
        }
    }

    private void values(Partner partner, String list, Set<String> values) {
        values.forEach(value -> jdbc.sql("INSERT INTO KAP_PARTNER_VALUE (PARTNER_ID, LIST_NAME, VAL) VALUES (?, ?, ?)")
                .params(partner.id(), list, value).update());
    }

    /** The registry file's spelling (prescribing-platform), or null. */
    static String spelling(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

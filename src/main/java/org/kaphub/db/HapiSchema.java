package org.kaphub.db;

import java.util.Properties;

/**
 * HAPI's schema, migrated to this HAPI version before the persistence unit starts, and the Hibernate
 * settings that match it.
 */
public record HapiSchema(DatabaseKind kind) {

    public Properties hibernateProperties() {
        Properties p = new Properties();
        p.put("hibernate.dialect", kind.dialect());
        // HAPI's migrator owns the schema: Hibernate neither creates nor alters tables.
        p.put("hibernate.hbm2ddl.auto", "none");
        // HAPI's native SQL names tables in upper case (HFJ_RESOURCE); keep the entity names as written.
        p.put("hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl");
        p.put("hibernate.search.enabled", "false");
        p.put("hibernate.jdbc.batch_size", "20");
        p.put("hibernate.order_inserts", "true");
        p.put("hibernate.order_updates", "true");
        // HAPI builds its id lookups (one per reference of every write) with the Criteria API; without this Hibernate
        // translates each into SQL again: ~40 % of the lookup's CPU (JFR, bench/delivery/RESULTS.md run 4).
        p.put("hibernate.criteria.plan_cache_enabled", "true");
        p.put("hibernate.cache.use_query_cache", "false");
        p.put("hibernate.cache.use_second_level_cache", "false");
        p.put("hibernate.show_sql", "false");
        p.put("hibernate.format_sql", "false");
        return p;
    }
}

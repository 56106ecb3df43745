package org.kaphub.partners;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;

/**
 * A registry coming into force, stored: its tables and its Organizations in one database transaction (HAPI's
 * transaction manager spans our tables too), so a failure leaves the previous registry's rows as they were.
 */
@Component
class PartnerDatabase implements PartnerStore {

    private static final Logger log = LoggerFactory.getLogger(PartnerDatabase.class);

    private final PartnerTables tables;
    private final PartnerOrganizations organizations;
    private final TransactionTemplate transaction;

    PartnerDatabase(PartnerTables tables, PartnerOrganizations organizations, PlatformTransactionManager transactionManager) {
        this.tables = tables;
        this.organizations = organizations;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Override
    public void replace(List<Partner> partners) {
        Integer changed = transaction.execute(status -> {
            tables.replace(partners, Instant.now());
            return organizations.ensure(partners);
        });
        if (changed != null && changed > 0) {
            log.info("Partner registry: {} Organization(s) created or renamed", changed);
        }
    }
}

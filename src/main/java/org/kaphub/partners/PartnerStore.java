package org.kaphub.partners;

import java.util.List;

/** Where a registry in force is kept beside memory: KAP Hub's tables and the Organizations it names. */
interface PartnerStore {

    /** Replaces what is stored with {@code partners}, all or nothing; throws when that fails. */
    void replace(List<Partner> partners);
}

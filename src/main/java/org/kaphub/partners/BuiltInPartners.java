package org.kaphub.partners;

import java.util.List;

/**
 * Partners another module adds whatever the registry file says (security: the {@code kap-dev} partner in development
 * mode). They win over a file partner with the same id or client id, are not written to the tables and create no
 * Organizations.
 */
@FunctionalInterface
public interface BuiltInPartners {

    List<Partner> partners();
}

/**
 * Whose patients a writer may write, one rule for every path: the request's {@link org.kaphub.ownership.Writer}
 * (an HL7 v2 message's partner, or a REST client, attached by security/) is checked by
 * {@link org.kaphub.ownership.OrganisationWrites} on HAPI's storage pointcuts, so the rule holds for every resource of
 * a transaction. Depends on partners/ only; security/ and routes/ depend on it.
 */
package org.kaphub.ownership;

/**
 * Whose patients a partner may write: a write made for a partner (the {@link org.kaphub.partners.Partner} in the
 * request's user data under {@link org.kaphub.ownership.ActingPartner#KEY}) stays inside the patients of the
 * partner's organisations, on HAPI's storage pointcuts, so the rule holds for every resource of a transaction.
 * Depends on partners/ only.
 */
package org.kaphub.ownership;

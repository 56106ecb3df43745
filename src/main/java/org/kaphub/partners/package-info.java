/**
 * The partner registry: every partner clinic, prescribing platform and EHR, with its identities (OAuth clients,
 * TLS certificates, HL7 v2 senders), organisations, resource types, Part 2 grant and how it receives. Other
 * packages ask {@link org.kaphub.partners.PartnerRegistry}; this package asks none of them.
 */
package org.kaphub.partners;

package org.kaphub.delivery.pull;

import org.kaphub.partners.Partner;

import java.util.Optional;

/**
 * How KAP Hub authenticates to a partner it pulls from: the value of the {@code Authorization} header of every request
 * (e.g. {@code Bearer <token>} from a SMART Backend Services client), or empty to call unauthenticated. Without a bean
 * of this type every pull is unauthenticated ({@link #NONE}).
 */
public interface PartnerAuthorization {

    PartnerAuthorization NONE = partner -> Optional.empty();

    Optional<String> header(Partner partner);
}

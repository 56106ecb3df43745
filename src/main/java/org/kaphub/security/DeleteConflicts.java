package org.kaphub.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HAPI refuses to delete a resource others refer to (409, on DELETE and on {@code $validate mode=delete}) and names
 * the first referring resource and its path. That resource may be one the client cannot see, so for every client
 * without the full view the answer keeps the status and the resource it asked about, and names no other.
 */
@Interceptor
class DeleteConflicts {

    private static final Pattern CONFLICT = Pattern.compile("Unable to delete (\\S+) because at least one resource has a reference");

    private final ClientRegistry registry;

    DeleteConflicts(ClientRegistry registry) {
        this.registry = registry;
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException withoutReferringResources(RequestDetails request, Throwable exception) {
        if (!(exception instanceof ResourceVersionConflictException conflict) || conflict.getMessage() == null) {
            return null;
        }
        Matcher deleted = CONFLICT.matcher(conflict.getMessage());
        if (!deleted.find() || KapPrincipal.current(registry).map(KapPrincipal::fullView).orElse(false)) {
            return null; // not a delete conflict, or a client that may see whatever refers to it
        }
        return new ResourceVersionConflictException("Unable to delete " + deleted.group(1) + " because other resources "
                + "refer to it (they are not named: some may be records this client cannot see)");
    }
}

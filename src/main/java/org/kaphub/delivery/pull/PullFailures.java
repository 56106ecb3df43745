package org.kaphub.delivery.pull;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.persistence.PersistenceException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why storing a pulled record failed, and whether to try again: the database being unavailable (or a lock waited
 * out, or a concurrent write of the same record) is tried again at the next poll; anything else is about the record itself and would fail again, so the record is
 * refused and the pull moves past it. Descriptions name status, HAPI code and element paths, never the exception's
 * text, which can quote values.
 */
final class PullFailures {

    private static final Pattern HAPI_CODE = Pattern.compile("^(HAPI-\\d+)");

    private PullFailures() {
    }

    /** The database, not the record: try again later. */
    static boolean transientFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessException || cause instanceof TransactionException
                    || cause instanceof ResourceVersionConflictException // a concurrent write of another path
                    || cause instanceof PersistenceException || cause instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable failure) {
        if (failure instanceof UnprocessableEntityException invalid && invalid.getOperationOutcome() instanceof OperationOutcome outcome) {
            Set<String> where = new LinkedHashSet<>();
            outcome.getIssue().stream()
                    .filter(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                            || issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
                    .forEach(issue -> issue.getExpression().forEach(e -> where.add(e.getValue().replaceAll("\\[\\d+]", ""))));
            return "refused by KAP Hub's validation (HTTP 422)" + (where.isEmpty() ? "" : " at "
                    + String.join(", ", where.stream().limit(5).toList()));
        }
        if (failure instanceof BaseServerResponseException refused) {
            Matcher code = HAPI_CODE.matcher(String.valueOf(refused.getMessage()));
            return "refused by KAP Hub (HTTP " + refused.getStatusCode() + (code.find() ? ", " + code.group(1) : "")
                    + ", " + refused.getClass().getSimpleName() + ")";
        }
        return "could not be stored (" + failure.getClass().getSimpleName() + ")";
    }
}

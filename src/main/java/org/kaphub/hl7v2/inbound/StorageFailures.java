package org.kaphub.hl7v2.inbound;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a message could not be stored, in words fit for the journal, the ACK's ERR-8 and the log: HTTP status, HAPI
 * message code, FHIR element paths and constraint keys — never the exception's own text, which can quote values.
 */
final class StorageFailures {

    private static final Pattern HAPI_CODE = Pattern.compile("^(HAPI-\\d+)");
    private static final Pattern CONSTRAINT = Pattern.compile("\\b(kap-[a-z0-9]+-\\d+|[a-z]{2,4}-\\d+)\\b");

    private StorageFailures() {
    }

    /** Names what failed without echoing field values (HAPI's messages can quote identifiers). */
    static String describe(Exception cause) {
        if (cause instanceof UnprocessableEntityException invalid && invalid.getOperationOutcome() instanceof OperationOutcome outcome) {
            return profileFailure(outcome);
        }
        if (cause instanceof BaseServerResponseException fhirError) {
            Matcher code = HAPI_CODE.matcher(String.valueOf(fhirError.getMessage()));
            if (fhirError instanceof ResourceNotFoundException) {
                return "A record the message refers to is not known to KAP Hub (e.g. the prior patient of a merge); HTTP 404";
            }
            return "FHIR storage refused the record (HTTP " + fhirError.getStatusCode() + (code.find() ? ", " + code.group(1) : "") + ")";
        }
        return "Storage unavailable (" + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + "); resend later";
    }

    /**
     * A 422 from profile enforcement: which elements and which constraints, from the OperationOutcome's expressions
     * and constraint keys only — the diagnostics texts can quote values.
     */
    private static String profileFailure(OperationOutcome outcome) {
        Set<String> where = new LinkedHashSet<>();
        Set<String> rules = new LinkedHashSet<>();
        for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
            if (issue.getSeverity() != OperationOutcome.IssueSeverity.ERROR && issue.getSeverity() != OperationOutcome.IssueSeverity.FATAL) {
                continue;
            }
            issue.getExpression().forEach(e -> where.add(e.getValue().replaceAll("\\[\\d+]", "")));
            Matcher rule = CONSTRAINT.matcher(String.valueOf(issue.getDiagnostics()));
            if (rule.find()) {
                rules.add(rule.group(1));
            }
        }
        return "KAP profile validation refused the record (HTTP 422)"
                + (where.isEmpty() ? "" : " at " + String.join(", ", where.stream().limit(5).toList()))
                + (rules.isEmpty() ? "" : "; rules " + String.join(", ", rules.stream().limit(5).toList()));
    }
}

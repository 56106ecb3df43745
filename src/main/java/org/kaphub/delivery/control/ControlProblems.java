package org.kaphub.delivery.control;

import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The control API's errors as RFC 9457 problem details ({@code application/problem+json}): Spring MVC's own handler,
 * limited to this API so the rest of the application keeps its error bodies (FHIR answers with OperationOutcomes).
 * It covers {@code ResponseStatusException} (404, 409, 400 of ours) and Spring's request errors (a status that is no
 * status, a row id that is no number: 400).
 */
@RestControllerAdvice(assignableTypes = DeliveryControlApi.class)
class ControlProblems extends ResponseEntityExceptionHandler {
}

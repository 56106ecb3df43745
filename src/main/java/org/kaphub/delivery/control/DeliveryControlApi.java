package org.kaphub.delivery.control;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The delivery control API (README "Replay and control"). Only tokens with {@code system/kap.admin} get here
 * (security's resource-server chain); errors are RFC 9457 problem details ({@link ControlProblems}).
 */
@RestController
@RequestMapping("/api")
class DeliveryControlApi {

    static final int MAX_PAGE = 1000;

    private final DeliveryControl control;

    DeliveryControlApi(DeliveryControl control) {
        this.control = control;
    }

    @GetMapping("/partners/{id}")
    PartnerDeliveryState partner(@PathVariable String id, Authentication who, HttpServletRequest request) {
        return control.partner(caller(who, request), id);
    }

    @GetMapping("/partners/{id}/deliveries")
    DeliveryPage deliveries(@PathVariable String id, @RequestParam(required = false) List<DeliveryStatus> status,
                            @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") long after,
                            Authentication who, HttpServletRequest request) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be 1 to " + MAX_PAGE);
        }
        Set<DeliveryStatus> statuses = status == null || status.isEmpty() ? Set.of() : EnumSet.copyOf(status);
        return control.deliveries(caller(who, request), id, statuses, after, limit);
    }

    @GetMapping("/deliveries/{rowId}")
    DeliveryView delivery(@PathVariable long rowId, Authentication who, HttpServletRequest request) {
        return control.delivery(caller(who, request), rowId);
    }

    @PostMapping("/deliveries/{rowId}/replay")
    ReplayResult replay(@PathVariable long rowId, Authentication who, HttpServletRequest request) {
        return control.replay(caller(who, request), rowId);
    }

    /**
     * {@code status} (DEAD, BLOCKED, DELIVERED; repeatable) and/or {@code since} (an instant: rows committed then or
     * later; with no status, every settled row since); at least one of them, so that nobody resends a partner's whole
     * history by accident.
     */
    @PostMapping("/partners/{id}/replay")
    ReplayResult replayPartner(@PathVariable String id, @RequestParam(required = false) List<DeliveryStatus> status,
                               @RequestParam(required = false) Instant since, Authentication who, HttpServletRequest request) {
        if ((status == null || status.isEmpty()) && since == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Name status (e.g. DEAD) or since (an instant), or both");
        }
        Set<DeliveryStatus> statuses = status == null || status.isEmpty()
                ? DeliveryStatus.REPLAYABLE : EnumSet.copyOf(status);
        if (!DeliveryStatus.REPLAYABLE.containsAll(statuses)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Only DELIVERED, DEAD or BLOCKED rows are replayed; QUEUED and IN_FLIGHT rows are on their way already");
        }
        return control.replay(caller(who, request), id, statuses, since);
    }

    @PostMapping("/partners/{id}/pause")
    PartnerDeliveryState pause(@PathVariable String id, Authentication who, HttpServletRequest request) {
        return control.pause(caller(who, request), id);
    }

    @PostMapping("/partners/{id}/resume")
    PartnerDeliveryState resume(@PathVariable String id, Authentication who, HttpServletRequest request) {
        return control.resume(caller(who, request), id);
    }

    private static DeliveryControl.Caller caller(Authentication who, HttpServletRequest request) {
        return new DeliveryControl.Caller(who == null ? null : who.getName(), request.getRemoteAddr());
    }
}

package com.example.problem;

import java.util.List;

import jakarta.ws.rs.core.Response;

import com.example.observability.RequestLogFilter;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem details body, the one error shape every target returns.
 *
 * @param violations the offending fields, present only for validation problems
 * @param requestId the id the request's log lines carry, also in the {@code X-Request-Id} header
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        List<Violation> violations, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem about the request being served, which names that request's id. */
    public Problem(String type, String title, int status, String detail, String instance, List<Violation> violations) {
        this(type, title, status, detail, instance, violations, RequestLogFilter.currentRequestId());
    }

    /** One invalid field; {@code field} is a dotted path into the JSON body, or {@code body} for the body itself. */
    public record Violation(String field, String message) {
    }

    static Problem of(Response.StatusType status, String detail, String instance) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, instance, null);
    }

    Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}

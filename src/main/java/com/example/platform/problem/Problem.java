package com.example.platform.problem;

import java.util.List;

import jakarta.ws.rs.core.Response;

import com.example.platform.observability.RequestLogFilter;
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
    public static final String UNSUPPORTED_PROTOCOL = "This service speaks HTTP/1.1 and HTTP/1.0.";

    /** A problem about the request being served, which names that request's id. */
    public Problem(String type, String title, int status, String detail, String instance, List<Violation> violations) {
        this(type, title, status, detail, instance, violations, RequestLogFilter.currentRequestId());
    }

    /** One invalid field; {@code field} is a dotted path into the JSON body, or {@code body} for the body itself. */
    public record Violation(String field, String message) {
    }

    /** A problem with the standard detail text for its status. */
    public static Problem of(int status, String instance) {
        return of(status, describe(status), instance);
    }

    /** A body that is not UTF-8 encoded JSON, found by the JSON reader or before it. */
    public static Problem malformedBody(String instance) {
        return new Problem(ProblemMappers.MALFORMED_TYPE, "Malformed request body", 400,
                "The request body is not valid UTF-8 encoded JSON.", instance, null);
    }

    public static Problem of(int status, String detail, String instance) {
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType != null ? statusType.getReasonPhrase() : "HTTP " + status;
        return new Problem("about:blank", title, status, detail, instance, null);
    }

    Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    public static String describe(int status) {
        return switch (status) {
            case 400 -> "The request is not valid.";
            case 404 -> "No resource exists at this path.";
            case 405 -> "This path does not support the request method.";
            case 406 -> "This resource cannot answer in a media type the request accepts.";
            case 408 -> "The request body did not arrive in time.";
            case 413 -> "The request body is larger than this service accepts.";
            case 414 -> "The request URI is longer than this service accepts.";
            case 415 -> "The request Content-Type is not supported here; send application/json.";
            case 431 -> "The request headers are larger than this service accepts.";
            case 503 -> "The service is busy; retry later.";
            default -> status >= 500 ? "The server could not handle this request." : "The request could not be handled.";
        };
    }
}

package com.example.platform.problem;

import static com.example.platform.observability.LogText.escape;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;

import com.example.platform.ResourceMethods;

/**
 * Turns every failure into an {@code application/problem+json} answer, so clients on every target see the same
 * error shape and never a stack trace or a Java class name.
 */
public class ProblemMappers {

    static final String VALIDATION_TYPE = "urn:problem-type:validation-error";
    static final String MALFORMED_TYPE = "urn:problem-type:malformed-body";

    private final ResourceMethods resourceMethods;

    public ProblemMappers(ResourceMethods resourceMethods) {
        this.resourceMethods = resourceMethods;
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e, UriInfo uri) {
        Log.debugf("Rejected request to %s: %s %s", escape(uri.getPath()), escape(e.field()), e.getMessage());
        return validationProblem(uri, new Problem.Violation(e.field(), e.getMessage()));
    }

    /** A body that parsed as JSON but does not fit the expected shape, e.g. {@code {"name": 42}}. */
    @ServerExceptionMapper
    public Response mismatchedBody(MismatchedInputException e, UriInfo uri) {
        String field = jsonPath(e.getPath());
        String message = field.equals("body") ? "must be a JSON object" : "must be a string";
        Log.debugf("Rejected request to %s: mismatched %s", escape(uri.getPath()), escape(field));
        return validationProblem(uri, new Problem.Violation(field, message));
    }

    /**
     * A key given twice, {@code {"name":"a","name":"b"}}: which one counts is ambiguous (and parsers disagree), so the
     * request is refused, naming the key.
     */
    @ServerExceptionMapper
    public Response malformedBody(StreamReadException e, UriInfo uri) {
        String duplicate = duplicateKey(e);
        if (duplicate != null) {
            Log.debugf("Rejected request to %s: duplicate key %s", escape(uri.getPath()), escape(duplicate));
            return validationProblem(uri, new Problem.Violation(duplicate, "must appear only once"));
        }
        return malformedBody((JacksonException) e, uri);
    }

    /** Anything Jackson cannot read at all: broken JSON, bad UTF-8, trailing garbage. */
    @ServerExceptionMapper
    public Response malformedBody(JacksonException e, UriInfo uri) {
        Log.debugf("Rejected request to %s: malformed JSON: %s", escape(uri.getPath()),
                escape(e.getOriginalMessage()));
        return Problem.malformedBody(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response httpError(WebApplicationException e, UriInfo uri) {
        // The Jackson reader of non-blocking endpoints wraps what it cannot parse in a 400.
        if (e.getCause() instanceof StreamReadException unreadable) {
            return malformedBody(unreadable, uri);
        }
        if (e.getCause() instanceof JacksonException unreadable) {
            return malformedBody(unreadable, uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            Log.errorf(e, "Request to %s failed", escape(uri.getPath()));
        }
        Problem problem = Problem.of(status.getStatusCode(), uri.getPath());
        Response.ResponseBuilder answer = Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
        // Keep protocol headers such as Allow on a 405.
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        if (status.getStatusCode() == 405 && !e.getResponse().getHeaders().containsKey(HttpHeaders.ALLOW)) {
            resourceMethods.allow(uri.getPath()).ifPresent(allow -> answer.header(HttpHeaders.ALLOW, allow));
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        Log.errorf(e, "Request to %s failed", escape(uri.getPath()));
        return Problem.of(Status.INTERNAL_SERVER_ERROR.getStatusCode(), uri.getPath()).toResponse();
    }

    /** The key Jackson's duplicate detection ({@code StrictJsonCustomizer}) refused, or null for other errors. */
    private static String duplicateKey(StreamReadException e) {
        JsonParser parser = e.getProcessor();
        if (parser == null || e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith("Duplicate field")) {
            return null;
        }
        String name = parser.getParsingContext().getCurrentName();
        return name == null ? "body" : name;
    }

    private static Response validationProblem(UriInfo uri, Problem.Violation violation) {
        return new Problem(VALIDATION_TYPE, "Invalid request", 400, "The request has invalid fields.", uri.getPath(),
                List.of(violation)).toResponse();
    }

    private static String jsonPath(List<JsonMappingException.Reference> references) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            String part = reference.getFieldName() != null ? reference.getFieldName()
                    : String.valueOf(reference.getIndex());
            field.append(field.isEmpty() ? "" : ".").append(part);
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}

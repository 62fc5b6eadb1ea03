package com.example.problem;

import static com.example.observability.LogText.escape;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;

/**
 * Turns every failure into an {@code application/problem+json} answer, so clients on every target see the same
 * error shape and never a stack trace or a Java class name.
 */
public class ProblemMappers {

    static final String VALIDATION_TYPE = "urn:problem-type:validation-error";
    static final String MALFORMED_TYPE = "urn:problem-type:malformed-body";

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

    /** Anything Jackson cannot read at all: broken JSON, bad UTF-8, trailing garbage. */
    @ServerExceptionMapper
    public Response malformedBody(JacksonException e, UriInfo uri) {
        Log.debugf("Rejected request to %s: malformed JSON", escape(uri.getPath()));
        return new Problem(MALFORMED_TYPE, "Malformed request body", 400,
                "The request body is not valid UTF-8 encoded JSON.", uri.getPath(), null).toResponse();
    }

    @ServerExceptionMapper
    public Response httpError(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            Log.errorf(e, "Request to %s failed", escape(uri.getPath()));
        }
        Problem problem = Problem.of(status, describe(status.getStatusCode()), uri.getPath());
        Response.ResponseBuilder answer = Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
        // Keep protocol headers such as Allow on a 405.
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        Log.errorf(e, "Request to %s failed", escape(uri.getPath()));
        return Problem.of(Status.INTERNAL_SERVER_ERROR, "The server could not handle this request.", uri.getPath())
                .toResponse();
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "The request is not valid.";
            case 404 -> "No resource exists at this path.";
            case 405 -> "This path does not support the request method.";
            case 406 -> "This resource cannot answer in a media type the request accepts.";
            case 413 -> "The request body is larger than this service accepts.";
            case 415 -> "The request Content-Type is not supported here; send application/json.";
            default -> "The request could not be handled.";
        };
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

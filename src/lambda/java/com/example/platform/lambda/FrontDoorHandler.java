package com.example.platform.lambda;

import static com.example.platform.observability.LogText.escape;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.platform.http.Cors;
import com.example.platform.http.HttpProblems;
import com.example.platform.observability.RequestLogFilter;
import com.example.platform.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.amazon.lambda.http.LambdaHttpHandler;
import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;

/**
 * The function's handler: serves a request from any {@link FrontDoor} with the Quarkus Lambda HTTP handler, and
 * answers in that door's shape. It replaces the extension's handler bean, since the extension's build refuses a second
 * handler class and its own handler serves only HTTP API events; {@link FrontDoorJson} reads the events it gets.
 * Unremovable: the Lambda runtime looks the handler up by its type, which the bean container cannot see at build time.
 */
@Alternative
@Priority(1)
@Singleton
@Unremovable
public class FrontDoorHandler extends LambdaHttpHandler {

    private final ObjectMapper json;
    private final Cors cors;
    private final Map<String, String> answerHeaders;

    public FrontDoorHandler(ObjectMapper json, HttpProblems problems, Cors cors) {
        this.json = json;
        this.cors = cors;
        Map<String, String> headers = new LinkedHashMap<>(problems.configuredHeaders());
        headers.put("Content-Type", Problem.MEDIA_TYPE);
        this.answerHeaders = Map.copyOf(headers);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (!(event instanceof FrontDoorJson.Request request)) {
            return reject(FrontDoor.HTTP_API, "The event is empty.", null, context);
        }
        if (request.rejection != null) {
            return reject(request.frontDoor, request.rejection, request.rejectedOrigin, context);
        }
        APIGatewayV2HTTPResponse answer = super.handleRequest(request, context);
        return new FrontDoorJson.Answer(request.frontDoor.answer(FrontDoor.Answer.of(answer)));
    }

    /**
     * A 400 problem for an event the service cannot serve (one no front door would send, or a target that is not a
     * URI), in the shape of the door it claims to come through; a listed origin's page can read it.
     */
    private APIGatewayV2HTTPResponse reject(FrontDoor frontDoor, String reason, String origin, Context context) {
        String requestId = RequestLogFilter.safeIdOrNew(context == null ? null : context.getAwsRequestId());
        Log.debugf("Rejected the Lambda event of invocation %s: %s", requestId, escape(reason));
        Problem problem = new Problem("about:blank", "Bad Request", 400, reason, null, null, requestId);
        Map<String, String> headers = new LinkedHashMap<>(answerHeaders);
        headers.put(RequestLogFilter.REQUEST_ID_HEADER, requestId);
        headers.putAll(cors.answerHeaders(origin));
        try {
            byte[] body = json.writeValueAsString(problem).getBytes(UTF_8);
            return new FrontDoorJson.Answer(frontDoor.answer(new FrontDoor.Answer(400, headers, List.of(), body)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

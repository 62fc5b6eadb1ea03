package com.example.platform.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpResponseStatus;

import com.example.platform.http.RequestTarget;

/**
 * The AWS front doors that invoke this function with HTTP requests, and the one place that knows their formats: which
 * door an event came through (detected as Mangum does: {@code requestContext.elb} is an ALB, {@code version} 2.0 or a
 * {@code requestContext.http} an HTTP API or function URL, {@code httpMethod} with a {@code requestContext} a REST
 * API), how its event becomes the
 * HTTP API (payload 2.0) event the Quarkus handler serves, and the shape of the answer that door reads.
 */
enum FrontDoor {
    /** API Gateway REST API with the lambda-proxy integration (payload 1.0; also an HTTP API set to 1.0). */
    REST_API,
    /** API Gateway HTTP API (payload 2.0) and Lambda function URLs: the Quarkus handler's own format. */
    HTTP_API,
    /** Application Load Balancer target group with single-value headers (the default). */
    ALB,
    /** Application Load Balancer target group with multi-value headers turned on. */
    ALB_MULTI_VALUE;

    /** An event this function cannot serve; the message is safe to show the caller. */
    static final class MalformedEvent extends RuntimeException {
        MalformedEvent(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A Quarkus answer, whatever the front door: Set-Cookie values apart, other headers one comma-joined value each.
     */
    record Answer(int status, Map<String, String> headers, List<String> cookies, byte[] body) {

        /** Reads the Quarkus handler's HTTP API answer, including the multiValueHeaders of its own error answer. */
        static Answer of(APIGatewayV2HTTPResponse response) {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (response.getHeaders() != null) {
                headers.putAll(response.getHeaders());
            }
            if (response.getMultiValueHeaders() != null) {
                response.getMultiValueHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            }
            String body = response.getBody() == null ? "" : response.getBody();
            return new Answer(response.getStatusCode(), headers,
                    response.getCookies() == null ? List.of() : response.getCookies(),
                    response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(UTF_8));
        }
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** RFC 9110 token characters, what a method name may be made of. */
    private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Characters a query key or value may carry as they are (RFC 3986 pchar and "/" "?", less the separators). */
    private static final String QUERY_SAFE = "-._~!$'()*,;:@/?+=";
    private static final String PATH_SAFE = "-._~!$&'()*+,;=:@/";
    /** Subtypes (after the "/", or after a "+" suffix) of media types that are text, besides text/*. */
    private static final Set<String> TEXT_SUBTYPES = Set.of("json", "xml", "yaml", "x-yaml", "javascript",
            "x-javascript", "ecmascript", "x-www-form-urlencoded", "csv", "x-ndjson", "graphql");
    /** Connection-level headers that mean nothing once the answer leaves the function. */
    private static final Set<String> HOP_BY_HOP = Set.of("transfer-encoding", "connection", "keep-alive");

    static FrontDoor of(JsonNode event) {
        JsonNode context = event.path("requestContext");
        if (context.has("elb")) {
            boolean multiValue = event.path("multiValueHeaders").isObject()
                    || event.path("multiValueQueryStringParameters").isObject();
            return multiValue ? ALB_MULTI_VALUE : ALB;
        }
        // Quarkus's mock event server (dev mode, tests) leaves out the version, not requestContext.http.
        if (event.path("version").asText().equals("2.0") || context.path("http").has("method")) {
            return HTTP_API;
        }
        if (event.has("httpMethod") && context.isObject()) {
            return REST_API;
        }
        throw new MalformedEvent("The event is not an HTTP request from API Gateway, a function URL or an ALB.");
    }

    /** The HTTP API (payload 2.0) event for a request that came through this door. */
    ObjectNode httpApiEvent(JsonNode event) {
        ObjectNode httpApi = converted(event);
        normalizeTarget(httpApi);
        return httpApi;
    }

    private ObjectNode converted(JsonNode event) {
        requireBody(event);
        if (this == HTTP_API) {
            requireMethod(event.path("requestContext").path("http").path("method"));
            ObjectNode httpApi = (ObjectNode) event;
            // AWS always sends rawPath and rawQueryString; an event written from the documentation may carry only the
            // path in requestContext.http and the decoded queryStringParameters, which stand for the same request.
            // Either is encoded as a path: a stray '%' or a raw space would make the router fail before any filter.
            JsonNode path = event.path("rawPath").isTextual() ? event.get("rawPath")
                    : event.path("requestContext").path("http").path("path");
            if (path.isTextual()) {
                httpApi.put("rawPath", encode(path.asText(), PATH_SAFE, true));
            }
            requirePath(httpApi.path("rawPath"));
            if (!event.path("rawQueryString").isTextual() && event.path("queryStringParameters").isObject()) {
                httpApi.put("rawQueryString", REST_API.queryString(event));
            }
            return httpApi;
        }
        String method = requireMethod(event.path("httpMethod"));
        String path = encode(requirePath(event.path("path")), PATH_SAFE, true);
        ObjectNode http = JSON.objectNode().put("method", method).put("path", path);
        JsonNode sourceIp = event.path("requestContext").path("identity").path("sourceIp");
        if (sourceIp.isTextual()) {
            http.put("sourceIp", sourceIp.asText());
        }
        ObjectNode converted = JSON.objectNode().put("version", "2.0").put("routeKey", "$default")
                .put("rawPath", path).put("rawQueryString", queryString(event));
        headersAndCookies(event, converted);
        converted.putObject("requestContext").put("stage", event.path("requestContext").path("stage").asText("$default"))
                .put("requestId", event.path("requestContext").path("requestId").asText(null))
                .set("http", http);
        converted.set("body", event.path("body").isTextual() ? event.get("body") : JSON.nullNode());
        converted.put("isBase64Encoded", event.path("isBase64Encoded").asBoolean(false));
        return converted;
    }

    /**
     * The event's target as {@link RequestTarget} reads a request line, or the event is refused with the reason the same
     * request over a socket gets: Quarkus's own check would answer an event that is not a URI with an empty 400.
     */
    private static void normalizeTarget(ObjectNode httpApi) {
        String query = httpApi.path("rawQueryString").asText("");
        String target = httpApi.path("rawPath").asText() + (query.isEmpty() ? "" : "?" + query);
        String normalized;
        try {
            normalized = RequestTarget.normalize(target, true);
        } catch (RequestTarget.InvalidTarget invalid) {
            throw new MalformedEvent(invalid.getMessage());
        }
        if (!normalized.equals(target)) {
            int queryStart = normalized.indexOf('?');
            httpApi.put("rawPath", queryStart < 0 ? normalized : normalized.substring(0, queryStart));
            httpApi.put("rawQueryString", queryStart < 0 ? "" : normalized.substring(queryStart + 1));
        }
    }

    /**
     * Only what the Quarkus handler reads from an HTTP API event: for an event whose other parts (an authorizer's
     * claims, say) do not fit the handler's event class.
     */
    static ObjectNode essentials(ObjectNode httpApiEvent) {
        ObjectNode essentials = JSON.objectNode();
        for (String field : List.of("version", "routeKey", "rawPath", "rawQueryString", "cookies", "headers", "body",
                "isBase64Encoded")) {
            if (httpApiEvent.has(field)) {
                essentials.set(field, httpApiEvent.get(field));
            }
        }
        JsonNode context = httpApiEvent.path("requestContext");
        ObjectNode http = essentials.putObject("requestContext").putObject("http");
        for (String field : List.of("method", "path", "sourceIp")) {
            if (context.path("http").path(field).isTextual()) {
                http.set(field, context.path("http").get(field));
            }
        }
        return essentials;
    }

    /** The answer in this door's shape. Text bodies travel as text, anything else base64-encoded. */
    ObjectNode answer(Answer answer) {
        ObjectNode json = JSON.objectNode().put("statusCode", answer.status());
        if (this == ALB || this == ALB_MULTI_VALUE) {
            // ALB answers 502 unless this is the status line's code and reason phrase.
            json.put("statusDescription", answer.status() + " "
                    + HttpResponseStatus.valueOf(answer.status()).reasonPhrase());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        answer.headers().forEach((name, value) -> {
            String lowerCase = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lowerCase) && !lowerCase.equals("set-cookie")) {
                headers.put(name, value);
            }
        });
        switch (this) {
            case HTTP_API -> {
                json.set("headers", JSON.objectNode().setAll(textNodes(headers)));
                if (!answer.cookies().isEmpty()) {
                    ArrayNode cookies = json.putArray("cookies");
                    answer.cookies().forEach(cookies::add);
                }
            }
            case ALB -> {
                ObjectNode single = json.putObject("headers").setAll(textNodes(headers));
                // One value per name in this mode; differently cased names are distinct keys that all reach the
                // client, so each Set-Cookie gets its own casing (as Mangum and serverless-express do).
                for (int i = 0; i < answer.cookies().size(); i++) {
                    single.put(casing("set-cookie", i), answer.cookies().get(i));
                }
            }
            case REST_API, ALB_MULTI_VALUE -> {
                ObjectNode multi = json.putObject("multiValueHeaders");
                headers.forEach((name, value) -> multi.putArray(name).add(value));
                if (!answer.cookies().isEmpty()) {
                    ArrayNode cookies = multi.putArray("Set-Cookie");
                    answer.cookies().forEach(cookies::add);
                }
            }
        }
        String text = isText(headers) ? utf8(answer.body()) : null;
        boolean base64 = text == null && answer.body().length > 0;
        json.put("body", base64 ? Base64.getEncoder().encodeToString(answer.body()) : text == null ? "" : text);
        json.put("isBase64Encoded", base64);
        return json;
    }

    /** Whether a body with these headers is text: text/*, JSON, XML, YAML, JavaScript, ... and not compressed. */
    static boolean isText(Map<String, String> headers) {
        String contentType = null;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Encoding")
                    && !header.getValue().strip().equalsIgnoreCase("identity")) {
                return false;
            }
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = header.getValue();
            }
        }
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String subtype = type.substring(type.indexOf('/') + 1);
        return type.startsWith("text/") || TEXT_SUBTYPES.contains(subtype)
                || TEXT_SUBTYPES.contains(subtype.substring(subtype.lastIndexOf('+') + 1));
    }

    private String queryString(JsonNode event) {
        List<String> pairs = new ArrayList<>();
        values(event, "queryStringParameters", "multiValueQueryStringParameters").forEach((name, values) -> {
            for (String value : values) {
                pairs.add(queryPart(name) + "=" + queryPart(value));
            }
        });
        return String.join("&", pairs);
    }

    /** REST API query values arrive decoded; an ALB passes them on as the client encoded them. */
    private String queryPart(String text) {
        return this == REST_API ? encode(text, "-._~", false) : encode(text, QUERY_SAFE, true);
    }

    private static void headersAndCookies(JsonNode event, ObjectNode converted) {
        ObjectNode headers = converted.putObject("headers");
        ArrayNode cookies = JSON.arrayNode();
        values(event, "headers", "multiValueHeaders").forEach((name, values) -> {
            String lowerCase = name.toLowerCase(Locale.ROOT);
            if (lowerCase.equals("cookie")) {
                for (String value : values) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.strip());
                        }
                    }
                }
            } else {
                String joined = String.join(",", values);
                JsonNode earlier = headers.get(lowerCase);
                headers.put(lowerCase, earlier == null ? joined : earlier.asText() + "," + joined);
            }
        });
        if (!cookies.isEmpty()) {
            converted.set("cookies", cookies);
        }
    }

    /** The event's Origin header, in whichever header shape its door has; null without one. */
    static String origin(JsonNode event) {
        return values(event, "headers", "multiValueHeaders").entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("origin") && !header.getValue().isEmpty())
                .map(header -> header.getValue().get(0)).findFirst().orElse(null);
    }

    /** Name to values from the multi-value field when the event has it, else from the single-value one. */
    private static Map<String, List<String>> values(JsonNode event, String single, String multi) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (event.path(multi).isObject()) {
            event.get(multi).fields().forEachRemaining(field -> {
                List<String> list = new ArrayList<>();
                field.getValue().forEach(value -> list.add(value.asText()));
                values.put(field.getKey(), list);
            });
        } else if (event.path(single).isObject()) {
            event.get(single).fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    values.put(field.getKey(), List.of(field.getValue().asText()));
                }
            });
        }
        return values;
    }

    /**
     * Percent-encodes, as UTF-8, every character but ASCII letters, digits, {@code safe} and, if {@code keepEscapes},
     * the escapes already there.
     */
    static String encode(String text, String safe, boolean keepEscapes) {
        return RequestTarget.percentEncode(text.getBytes(UTF_8), safe, keepEscapes);
    }

    private static String requireMethod(JsonNode method) {
        if (!method.isTextual() || !METHOD.matcher(method.asText()).matches()) {
            throw new MalformedEvent("The event has no valid HTTP method.");
        }
        return method.asText();
    }

    private static String requirePath(JsonNode path) {
        if (!path.isTextual() || !path.asText().startsWith("/")) {
            throw new MalformedEvent("The event has no valid path.");
        }
        return path.asText();
    }

    private static void requireBody(JsonNode event) {
        JsonNode body = event.path("body");
        if (!body.isMissingNode() && !body.isNull() && !body.isTextual()) {
            throw new MalformedEvent("The event's body is not a string.");
        }
        if (body.isTextual() && event.path("isBase64Encoded").asBoolean(false)) {
            try {
                Base64.getDecoder().decode(body.asText());
            } catch (IllegalArgumentException e) {
                throw new MalformedEvent("The event's body is not valid base64.");
            }
        }
    }

    private static Map<String, JsonNode> textNodes(Map<String, String> headers) {
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        headers.forEach((name, value) -> nodes.put(name, JSON.textNode(value)));
        return nodes;
    }

    /** The {@code n}th of the name's upper/lower-case spellings; n = 0 is the name itself. */
    static String casing(String name, int n) {
        StringBuilder cased = new StringBuilder(name);
        int bit = 0;
        for (int i = 0; i < cased.length(); i++) {
            if (Character.isLetter(cased.charAt(i)) && ((n >> bit++) & 1) == 1) {
                cased.setCharAt(i, Character.toUpperCase(cased.charAt(i)));
            }
        }
        return cased.toString();
    }

    /** The body as text if it is valid UTF-8, else null. */
    private static String utf8(byte[] body) {
        try {
            return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

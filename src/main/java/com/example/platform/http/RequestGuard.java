package com.example.platform.http;

import static com.example.platform.observability.LogText.escape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import com.example.platform.FilterPriorities;
import com.example.platform.problem.Problem;

/**
 * Refuses, with a 400 problem answer, requests whose framing or headers the layers behind it would misread, before
 * anything else looks at them; runs first on every target (the Lambda handlers feed their events through the same
 * router).
 * <ul>
 * <li>A transfer coding other than plain {@code chunked} (RFC 9112 6.1): the server cannot tell where such a body
 * ends, so what follows could be taken for another request; it closes the connection. (Netty refuses a
 * Content-Length beside chunked, and any transfer coding in an HTTP/1.0 request, RFC 9112 6.1.)</li>
 * <li>A Content-Type or Accept header that is not a media type, which the REST layer would fail on with a 500 while
 * matching the request; a media range ({@code *}{@code /*}) or more than one value as Content-Type; a body in a content
 * coding (gzip ...) the service does not decode (415); a header without a name; more than one Host (RFC 9112 3.2); any
 * method but GET, HEAD and OPTIONS on Quarkus's own endpoints (health, metrics, OpenAPI), which would answer it as a
 * GET (405).</li>
 * <li>A protocol version Vert.x does not know (505, closed), where {@link StrictRequestDecoder} has not already
 * refused it.</li>
 * <li>A {@code close} among several connection options ({@code Connection: keep-alive, close}), which Vert.x honours
 * only alone: the connection is closed after the answer.</li>
 * </ul>
 */
public class RequestGuard {

    /** What the health, metrics and OpenAPI endpoints answer; Quarkus's own handlers would answer any method. */
    private static final Set<HttpMethod> READ_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final String nonApplicationPrefix;

    public RequestGuard(@ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q")
    String nonApplicationRootPath) {
        this.nonApplicationPrefix = nonApplicationPrefix(nonApplicationRootPath);
    }

    /** The path prefix of Quarkus's own endpoints (health, metrics, OpenAPI), from its configured root path. */
    static String nonApplicationPrefix(String nonApplicationRootPath) {
        return "/" + nonApplicationRootPath.replaceAll("^/+|/+$", "") + "/";
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, FilterPriorities.REQUEST_GUARD);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.decoderResult().isFailure()) {
            context.fail(request.decoderResult().cause()); // HttpProblems answers it
            return;
        }
        if (request.version() == null) {
            // Only where StrictRequestDecoder is not installed: Netty takes any name/major.minor as a version.
            refuse(context, 505, Problem.UNSUPPORTED_PROTOCOL, true);
            return;
        }
        if (request.method() == HttpMethod.CONNECT) {
            refuse(context, 405, "CONNECT is not supported; this is not a proxy.", true);
            return;
        }
        if (request.headers().contains("")) {
            refuse(context, 400, "A header has no name.", false);
            return;
        }
        if (request.headers().getAll(HttpHeaders.HOST).size() > 1) {
            refuse(context, 400, "A request has one Host header.", true);
            return;
        }
        String contentCoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (contentCoding != null && !contentCoding.strip().equalsIgnoreCase("identity")) {
            refuse(context, 415, "Content-Encoding is not supported; send the body as it is.", false);
            return;
        }
        List<String> codings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
        if (codings.size() > 1 || codings.size() == 1 && !codings.get(0).strip().equalsIgnoreCase("chunked")) {
            refuse(context, 400, "Transfer-Encoding other than chunked is not supported.", true);
            return;
        }
        if (asksToClose(request)) {
            closeAfterAnswer(context);
        }
        if (request.path() != null && request.path().startsWith(nonApplicationPrefix)
                && !READ_METHODS.contains(request.method())) {
            context.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD, OPTIONS");
            refuse(context, 405, "The endpoints under " + nonApplicationPrefix + " answer GET, HEAD and OPTIONS only.",
                    false);
            return;
        }
        if (request.headers().getAll(HttpHeaders.CONTENT_TYPE).size() > 1) {
            refuse(context, 400, "A request has one Content-Type header.", false);
            return;
        }
        if (!normalizeMediaTypes(request, HttpHeaders.CONTENT_TYPE, false)) {
            refuse(context, 400, "The Content-Type header is not a media type.", false);
            return;
        }
        if (!normalizeMediaTypes(request, HttpHeaders.ACCEPT, true)) {
            refuse(context, 400, "The Accept header is not a list of media types.", false);
            return;
        }
        context.next();
    }

    private static void refuse(RoutingContext context, int status, String detail, boolean closeConnection) {
        Log.debugf("Refused %s %s: %s", context.request().method(), escape(context.request().path()), detail);
        HttpProblems.send(context, status, detail, closeConnection);
    }

    /** Vert.x keeps the connection open unless Connection is exactly {@code close}; RFC 9112 9.6 allows a list. */
    private static boolean asksToClose(HttpServerRequest request) {
        return request.headers().getAll(HttpHeaders.CONNECTION).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .anyMatch(option -> option.strip().equalsIgnoreCase("close"));
    }

    private static void closeAfterAnswer(RoutingContext context) {
        ClosingConnections.closeAfterThisRequest(context);
        context.addHeadersEndHandler(ended -> context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE));
        context.addEndHandler(ended -> closeConnection(context.request()));
    }

    private static void closeConnection(HttpServerRequest request) {
        if (request.connection() != null) {
            request.connection().close();
        }
    }

    /** The comma-separated elements of a header value, not splitting inside a quoted parameter value. */
    private static List<String> splitOutsideQuotes(String value) {
        List<String> elements = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                elements.add(value.substring(start, i));
                start = i + 1;
            }
        }
        elements.add(value.substring(start));
        return elements;
    }

    /**
     * Checks that the header is a media type (or a list of them) and rewrites it without the optional whitespace
     * before a parameter's {@code ;} (RFC 9110 5.6.6), which the REST layer would take as part of the subtype and
     * answer 415 or 406.
     */
    private static boolean normalizeMediaTypes(HttpServerRequest request, CharSequence header, boolean list) {
        List<String> values = request.headers().getAll(header);
        List<String> normalized = new ArrayList<>();
        try {
            for (String value : values) {
                for (String type : list ? splitOutsideQuotes(value) : List.of(value)) {
                    if (!(list && type.isBlank())) {
                        MediaType parsed = MediaType.valueOf(type.strip());
                        if (!list && (parsed.isWildcardType() || parsed.isWildcardSubtype())) {
                            return false; // a media range such as */* says nothing about the body
                        }
                        normalized.add(new MediaType(parsed.getType().strip(), parsed.getSubtype().strip(),
                                parsed.getParameters()).toString());
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (values.stream().anyMatch(value -> value.contains(" ;") || value.contains("\t;"))) {
            request.headers().set(header, String.join(", ", normalized));
        }
        return true;
    }
}

package com.example.support;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Test-only endpoint that reports the request exactly as the application saw it, so the raw-event tests can check
 * what survives API Gateway event translation. It is compiled with the tests and never ships.
 */
@Path("/_test/echo")
@Produces(MediaType.APPLICATION_JSON)
public class EchoResource {

    public record Echo(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
            Map<String, String> cookies, String bodyBase64) {
    }

    @GET
    @Path("{rest:.*}")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return echo("GET", uri, headers, new byte[0]);
    }

    @POST
    @Path("{rest:.*}")
    public Response post(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return echo("POST", uri, headers, body);
    }

    private static Response echo(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        Map<String, List<String>> headerMap = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.getRequestHeaders().forEach((name, values) -> headerMap.put(name.toLowerCase(Locale.ROOT), values));
        Map<String, String> cookies = new TreeMap<>();
        headers.getCookies().forEach((name, cookie) -> cookies.put(name, cookie.getValue()));
        Echo echo = new Echo(method, uri.getPath(), new TreeMap<>(uri.getQueryParameters()), headerMap, cookies,
                Base64.getEncoder().encodeToString(body));
        return Response.ok(echo)
                .cookie(new NewCookie.Builder("session").value("abc").path("/").httpOnly(true).build(),
                        new NewCookie.Builder("theme").value("dark").path("/").build())
                .header("Date", "Wed, 21 Oct 2015 07:28:00 GMT")
                .build();
    }
}

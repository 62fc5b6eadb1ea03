package com.example.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.example.browser.Browser.Fetched;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The service as a browser sees it, in headless Chromium: Swagger UI, and a front end served from another origin
 * calling the API with fetch(). Subclasses decide where the service runs; its CORS origins must list the page's
 * {@code http://localhost:<port>} and nothing else on this machine. The API is addressed as {@code 127.0.0.1}, so
 * {@code http://127.0.0.1:<page port>} is an origin on the API's own host with another port.
 */
public abstract class BrowserContract {

    static final String NAME = "山田太郎";
    protected static final String ALLOWED_HOST = "localhost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Browser browser;

    /** {@code http://127.0.0.1:<port>} of the service. */
    protected abstract String api();

    /** Where Swagger UI and the OpenAPI document are: the management interface where the build has one. */
    protected String documents() {
        return api();
    }

    /** The front end's server, whose {@code localhost} origin the service allows. */
    protected abstract PageServer page();

    /**
     * Whether the service itself answers a request line or headers over its limits (414, 431). On Lambda the front
     * door does that before the function runs.
     */
    protected boolean answersRequestSizeLimits() {
        return true;
    }

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void swaggerUiShouldListEveryOperationOfTheDocument() throws IOException, InterruptedException {
        Set<String> documented = new HashSet<>();
        JSON.readTree(get(documents() + "/q/openapi.json")).get("paths").fields().forEachRemaining(path -> path.getValue()
                .fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " "
                        + path.getKey())));
        browser.consoleErrors();
        browser.open(documents() + "/q/swagger-ui");

        Set<String> listed = new HashSet<>();
        for (WebElement operation : operations()) {
            listed.add(operation.findElement(By.className("opblock-summary-method")).getText() + " "
                    + operation.findElement(By.className("opblock-summary-path")).getAttribute("data-path"));
        }
        assertThat(listed).as("operations Swagger UI lists").isEqualTo(documented);
        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
    }

    @Test
    void swaggerUiShouldTryOutGetAndPostWithAUnicodeName() throws IOException {
        browser.consoleErrors();
        browser.open(documents() + "/q/swagger-ui");

        WebElement get = tryItOut("GET", "/hello");
        get.findElement(By.cssSelector("tr[data-param-name='name'] input")).sendKeys(NAME);
        assertThat(execute(get)).isEqualTo("200 " + greeting("GET"));

        WebElement post = tryItOut("POST", "/hello_post");
        WebElement body = post.findElement(By.cssSelector("textarea.body-param__text"));
        body.clear();
        body.sendKeys("{\"name\": \"" + NAME + "\"}");
        assertThat(execute(post)).isEqualTo("200 " + greeting("POST"));

        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
    }

    /** What a front end calls, and what it reads back: the API (health, metrics and documents are not for pages). */
    enum Call {
        GET_HELLO("GET", "/hello?name=" + URLEncoder.encode(NAME, StandardCharsets.UTF_8), null, greeting("GET")),
        POST_HELLO_POST("POST", "/hello_post", "{\"name\":\"" + NAME + "\"}", greeting("POST")),
        POST_HELLO("POST", "/hello", "{\"name\":\"" + NAME + "\"}", greeting("POST"));

        final String method;
        final String path;
        final String json;
        final String expected;

        Call(String method, String path, String json, String expected) {
            this.method = method;
            this.path = path;
            this.json = json;
            this.expected = expected;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Call.class)
    void pageOnAllowedOriginShouldReachEveryEndpoint(Call call) {
        openPage(ALLOWED_HOST);
        Map<String, Object> init = call.json == null ? Map.of("method", call.method)
                : Map.of("method", call.method, "headers", Map.of("Content-Type", "application/json"), "body",
                        call.json);

        Fetched answer = fetchAnswer(call.path, init);

        assertThat(answer.status()).as("status").isEqualTo(200);
        assertThat(answer.body()).contains(call.expected);
        assertThat(answer.requestId()).as("X-Request-Id, readable by the page").isNotBlank();
    }

    /** Errors a front end can cause, each with the status it must be able to read. */
    enum ErrorCall {
        BAD_ESCAPE(400, "GET", "/hello?name=%zz", null, null),
        LONG_NAME(414, "GET", "/hello?name=" + "a".repeat(5_000), null, null),
        LARGE_HEADERS(431, "GET", "/hello", Map.of("Authorization", "Bearer " + "a".repeat(25 * 1024)), null),
        UNKNOWN_PATH(404, "GET", "/no/such/path", null, null),
        WRONG_METHOD(405, "GET", "/hello_post", null, null),
        BODY_TOO_LARGE(413, "POST", "/hello_post", Map.of("Content-Type", "application/json"),
                "{\"name\":\"" + "a".repeat(70 * 1024) + "\"}"),
        UNSUPPORTED_TYPE(415, "POST", "/hello_post", Map.of("Content-Type", "text/plain"), "{\"name\":\"X\"}"),
        MALFORMED_JSON(400, "POST", "/hello_post", Map.of("Content-Type", "application/json"), "{\"name\":"),
        MISSING_NAME(400, "POST", "/hello_post", Map.of("Content-Type", "application/json"), "{}");

        final int status;
        final Map<String, Object> init = new LinkedHashMap<>();
        final String path;

        ErrorCall(int status, String method, String path, Map<String, String> headers, String body) {
            this.status = status;
            this.path = path;
            init.put("method", method);
            if (headers != null) {
                init.put("headers", headers);
            }
            if (body != null) {
                init.put("body", body);
            }
        }

        boolean isSizeLimit() {
            return this == LONG_NAME || this == LARGE_HEADERS;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorCall.class)
    void pageOnAllowedOriginShouldReadEveryProblemAndItsRequestId(ErrorCall call) throws IOException {
        assumeTrue(answersRequestSizeLimits() || !call.isSizeLimit(), "the front door answers size limits");
        openPage(ALLOWED_HOST);

        Fetched answer = fetchAnswer(call.path, call.init);

        assertThat(answer.status()).as("status").isEqualTo(call.status);
        assertThat(answer.contentType()).as("Content-Type").startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).as("problem status").isEqualTo(call.status);
        assertThat(answer.requestId()).as("X-Request-Id, readable by the page")
                .isNotBlank().isEqualTo(problem.path("requestId").asText());
    }

    /** Origins the service does not list. */
    enum RefusedOrigin {
        /** The API's own host with another port: every local front end on another port. */
        SAME_HOST_OTHER_PORT("127.0.0.1"),
        OTHER_HOST("127.0.0.2");

        final String host;

        RefusedOrigin(String host) {
            this.host = host;
        }
    }

    /**
     * A page on an unlisted origin is blocked, for a simple GET and for a POST the browser preflights; what it is
     * blocked by is the service's 403 problem, which the same request sent directly shows.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(RefusedOrigin.class)
    void pageOnUnlistedOriginShouldBeRefusedWithAProblem(RefusedOrigin refused) throws Exception {
        String origin = openPage(refused.host);

        assertThat(fetch("/hello?name=X", Map.of("method", "GET")).error()).as("GET from %s", origin)
                .contains("Failed to fetch", "blocked by CORS policy");
        assertThat(fetch("/hello_post", Map.of("method", "POST", "headers", Map.of("Content-Type",
                "application/json"), "body", "{\"name\":\"X\"}")).error()).as("POST from %s", origin)
                .contains("Failed to fetch", "blocked by CORS policy");

        assertRefused(HttpRequest.newBuilder(URI.create(api() + "/hello?name=X")).header("Origin", origin).GET());
        assertRefused(HttpRequest.newBuilder(URI.create(api() + "/hello_post")).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    private void assertRefused(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        String sent = answer.request().method() + " " + answer.request().uri() + " from "
                + answer.request().headers().firstValue("Origin").orElseThrow();
        assertThat(answer.statusCode()).as("status of %s", sent).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type")).as("Content-Type of %s: %s", sent, answer.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(answer.body()).path("status").asInt()).as("problem of %s", sent).isEqualTo(403);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as("CORS grant of %s", sent).isEmpty();
    }

    static String greeting(String method) {
        return "[" + method + "]hello, " + NAME + "!";
    }

    /** Opens the front end at {@code http://<host>:<port>}, checks it is this test's page, returns its origin. */
    private String openPage(String host) {
        String origin = page().origin(host);
        assertThat(browser.open(origin + "/")).as("title of the page at %s", origin).isEqualTo(page().title());
        browser.consoleErrors();
        return origin;
    }

    /** fetch() from the open page; a rejection's error carries what the console said about it. */
    private Fetched fetch(String path, Map<String, Object> init) {
        String url = api() + path;
        Fetched answer = browser.fetch(url, init);
        List<String> console = browser.consoleErrors().stream().map(line -> line.replace(url, shorten(url))).toList();
        return answer.error() == null ? answer
                : new Fetched(0, null, null, null, answer.error() + "; console: " + console);
    }

    /** fetch() from the open page, which must get an answer. */
    private Fetched fetchAnswer(String path, Map<String, Object> init) {
        Fetched answer = fetch(path, init);
        assertThat(answer.error()).as("%s %s: fetch rejected", init.get("method"), shorten(path)).isNull();
        return answer;
    }

    private static String shorten(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("GET %s", url).isEqualTo(200);
        return answer.body();
    }

    private static List<WebElement> operations() {
        browser.driver().findElement(By.className("opblock"));
        return browser.driver().findElements(By.className("opblock"));
    }

    private static WebElement tryItOut(String method, String path) {
        WebElement operation = operations().stream()
                .filter(candidate -> candidate.findElement(By.className("opblock-summary-method")).getText()
                        .equals(method)
                        && path.equals(candidate.findElement(By.className("opblock-summary-path"))
                                .getAttribute("data-path")))
                .findFirst().orElseThrow(() -> new AssertionError("Swagger UI lists no " + method + " " + path));
        operation.findElement(By.className("opblock-summary")).click();
        operation.findElement(By.className("try-out__btn")).click();
        return operation;
    }

    /** Clicks Execute and returns the status and the message Swagger UI shows, as {@code 200 [GET]hello, X!}. */
    private static String execute(WebElement operation) throws IOException {
        operation.findElement(By.cssSelector("button.execute")).click();
        WebElement response = operation.findElement(By.cssSelector(".live-responses-table .response"));
        String body = response.findElement(By.cssSelector(".response-col_description pre")).getText();
        return response.findElement(By.className("response-col_status")).getText() + " "
                + JSON.readTree(body).path("message").asText();
    }
}

package com.example.platform.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The front-door format rules, one table per rule; no Quarkus boot. */
class FrontDoorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALB_CONTEXT = "\"requestContext\":{\"elb\":{\"targetGroupArn\":\"arn:aws:elasticloadbalancing:"
            + "us-east-1:123456789012:targetgroup/hello/6d0ecf831eec9f09\"}}";

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of("{" + ALB_CONTEXT + ",\"httpMethod\":\"GET\",\"path\":\"/\",\"headers\":{}}", FrontDoor.ALB),
                Arguments.of("{" + ALB_CONTEXT + ",\"httpMethod\":\"GET\",\"path\":\"/\",\"multiValueHeaders\":{}}",
                        FrontDoor.ALB_MULTI_VALUE),
                Arguments.of("{" + ALB_CONTEXT + ",\"httpMethod\":\"GET\",\"path\":\"/\",\"headers\":{},"
                        + "\"multiValueQueryStringParameters\":{\"a\":[\"1\"]}}", FrontDoor.ALB_MULTI_VALUE),
                Arguments.of("{\"version\":\"2.0\",\"rawPath\":\"/\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}",
                        FrontDoor.HTTP_API),
                Arguments.of("{\"rawPath\":\"/\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}",
                        FrontDoor.HTTP_API),
                Arguments.of("{\"resource\":\"/\",\"httpMethod\":\"GET\",\"path\":\"/\",\"requestContext\":{}}",
                        FrontDoor.REST_API),
                Arguments.of("{\"version\":\"1.0\",\"httpMethod\":\"GET\",\"path\":\"/\",\"requestContext\":{}}",
                        FrontDoor.REST_API));
    }

    @ParameterizedTest
    @MethodSource("events")
    void of_recognisesTheDoorAnEventCameThrough(String event, FrontDoor expected) {
        assertThat(FrontDoor.of(json(event))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}",
            "[]",
            "\"text\"",
            "{\"httpMethod\":\"GET\",\"path\":\"/\"}",
            "{\"Records\":[{\"eventSource\":\"aws:sqs\"}]}",
            "{\"version\":\"1.0\",\"path\":\"/\"}" })
    void of_rejectsWhatNoFrontDoorSends(String event) {
        assertThatThrownBy(() -> FrontDoor.of(json(event))).isInstanceOf(FrontDoor.MalformedEvent.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "REST_API|{\"httpMethod\":\"G T\",\"path\":\"/x\"}",
            "REST_API|{\"httpMethod\":\"GET\",\"path\":\"x\"}",
            "ALB|{\"httpMethod\":\"GET\"}",
            "HTTP_API|{\"version\":\"2.0\",\"rawPath\":\"/\"}",
            "HTTP_API|{\"version\":\"2.0\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}",
            "HTTP_API|{\"version\":\"2.0\",\"rawPath\":\"/\",\"requestContext\":{\"http\":{\"method\":\"GET\"}},"
                    + "\"body\":\"not base64!\",\"isBase64Encoded\":true}",
            "HTTP_API|{\"version\":\"2.0\",\"rawPath\":\"/\",\"requestContext\":{\"http\":{\"method\":\"GET\"}},"
                    + "\"body\":{\"name\":\"x\"}}" })
    void httpApiEvent_rejectsEventsMissingWhatTheHandlerNeeds(FrontDoor door, String event) {
        assertThatThrownBy(() -> door.httpApiEvent(json(event))).isInstanceOf(FrontDoor.MalformedEvent.class);
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                // REST API: values arrive decoded and are encoded again.
                Arguments.of(FrontDoor.REST_API, "{\"queryStringParameters\":null}", ""),
                Arguments.of(FrontDoor.REST_API, "{\"queryStringParameters\":{\"name\":\"太 a+b c%&=\"}}",
                        "name=%E5%A4%AA%20a%2Bb%20c%25%26%3D"),
                Arguments.of(FrontDoor.REST_API, "{\"queryStringParameters\":{\"name\":\"b\"},"
                        + "\"multiValueQueryStringParameters\":{\"name\":[\"a\",\"b\"],\"x\":[\"\"]}}",
                        "name=a&name=b&x="),
                Arguments.of(FrontDoor.REST_API, "{\"queryStringParameters\":{\"emoji\":\"😀\"}}", "emoji=%F0%9F%98%80"),
                // ALB: values arrive as the client encoded them; only what may not stand in a query is encoded.
                Arguments.of(FrontDoor.ALB, "{\"queryStringParameters\":{\"name\":\"%E5%A4%AA%20a%2Bb+c%25%26\"}}",
                        "name=%E5%A4%AA%20a%2Bb+c%25%26"),
                Arguments.of(FrontDoor.ALB, "{\"queryStringParameters\":{\"name\":\"太 100%\"}}",
                        "name=%E5%A4%AA%20100%25"),
                Arguments.of(FrontDoor.ALB_MULTI_VALUE, "{\"multiValueQueryStringParameters\":{\"name\":[\"a\",\"b%20c\"]}}",
                        "name=a&name=b%20c"));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void httpApiEvent_rebuildsTheRawQueryString(FrontDoor door, String query, String expected) {
        ObjectNode event = (ObjectNode) json(query);
        event.put("httpMethod", "GET").put("path", "/hello");
        assertThat(door.httpApiEvent(event).path("rawQueryString").asText()).isEqualTo(expected);
    }

    @Test
    void httpApiEvent_takesPathAndQueryFromTheDecodedFieldsWhenTheRawOnesAreMissing() {
        JsonNode converted = FrontDoor.HTTP_API.httpApiEvent(json("{\"version\":\"2.0\",\"requestContext\":"
                + "{\"http\":{\"method\":\"GET\",\"path\":\"/hello\"}},\"queryStringParameters\":{\"name\":\"太 a+b\"}}"));
        assertThat(converted.path("rawPath").asText()).isEqualTo("/hello");
        assertThat(converted.path("rawQueryString").asText()).isEqualTo("name=%E5%A4%AA%20a%2Bb");
    }

    @Test
    void httpApiEvent_carriesMethodPathHeadersCookiesAndBody() {
        JsonNode converted = FrontDoor.REST_API.httpApiEvent(json("{\"httpMethod\":\"POST\",\"path\":\"/a b/%41\","
                + "\"headers\":{\"X-One\":\"last\"},\"multiValueHeaders\":{\"X-One\":[\"a\",\"b, c\"],"
                + "\"Cookie\":[\"s=1; t=2\",\"u=3\"]},\"requestContext\":{\"stage\":\"prod\","
                + "\"identity\":{\"sourceIp\":\"203.0.113.1\"}},\"body\":\"e30=\",\"isBase64Encoded\":true}"));
        assertThat(converted.path("version").asText()).isEqualTo("2.0");
        assertThat(converted.path("requestContext").path("http").path("method").asText()).isEqualTo("POST");
        assertThat(converted.path("requestContext").path("http").path("sourceIp").asText()).isEqualTo("203.0.113.1");
        assertThat(converted.path("rawPath").asText()).isEqualTo("/a%20b/%41");
        assertThat(converted.path("headers").path("x-one").asText()).isEqualTo("a,b, c");
        assertThat(converted.path("headers").has("cookie")).isFalse();
        assertThat(converted.path("cookies")).extracting(JsonNode::asText).containsExactly("s=1", "t=2", "u=3");
        assertThat(converted.path("body").asText()).isEqualTo("e30=");
        assertThat(converted.path("isBase64Encoded").asBoolean()).isTrue();
    }

    @Test
    void essentials_keepOnlyWhatTheHandlerReads() {
        JsonNode essentials = FrontDoor.essentials((ObjectNode) json("{\"version\":\"2.0\",\"rawPath\":\"/hello\","
                + "\"rawQueryString\":\"name=X\",\"cookies\":[\"a=1\"],\"headers\":{\"accept\":\"*/*\"},\"body\":\"e30=\","
                + "\"isBase64Encoded\":true,\"requestContext\":{\"http\":{\"method\":\"GET\",\"sourceIp\":\"203.0.113.1\"},"
                + "\"authorizer\":{\"jwt\":{\"claims\":{\"exp\":1}}}}}"));
        assertThat(essentials.path("requestContext").has("authorizer")).isFalse();
        assertThat(essentials.path("requestContext").path("http").path("method").asText()).isEqualTo("GET");
        assertThat(essentials.path("requestContext").path("http").path("sourceIp").asText()).isEqualTo("203.0.113.1");
        for (String field : List.of("version", "rawPath", "rawQueryString", "cookies", "headers", "body",
                "isBase64Encoded")) {
            assertThat(essentials.has(field)).as(field).isTrue();
        }
    }

    static final FrontDoor.Answer TEXT = new FrontDoor.Answer(201,
            Map.of("Content-Type", "application/problem+json", "Transfer-Encoding", "", "Date", "Wed, 21 Oct 2015"),
            List.of("a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"), "{\"é\":1}".getBytes(UTF_8));

    @Test
    void answer_httpApi_hasHeadersAndCookies() {
        JsonNode json = FrontDoor.HTTP_API.answer(TEXT);
        assertThat(json.path("statusCode").asInt()).isEqualTo(201);
        assertThat(json.has("statusDescription")).isFalse();
        assertThat(json.has("multiValueHeaders")).isFalse();
        assertThat(json.path("headers").path("Content-Type").asText()).isEqualTo("application/problem+json");
        assertThat(json.path("headers").path("Date").asText()).isEqualTo("Wed, 21 Oct 2015");
        assertThat(json.path("headers").has("Transfer-Encoding")).isFalse();
        assertThat(json.path("cookies")).extracting(JsonNode::asText).containsExactlyElementsOf(TEXT.cookies());
    }

    @ParameterizedTest
    @EnumSource(value = FrontDoor.class, names = { "REST_API", "ALB_MULTI_VALUE" })
    void answer_multiValue_hasEveryHeaderAndEachSetCookie(FrontDoor door) {
        JsonNode json = door.answer(TEXT);
        assertThat(json.has("headers")).isFalse();
        assertThat(json.has("cookies")).isFalse();
        assertThat(json.path("multiValueHeaders").path("Content-Type")).extracting(JsonNode::asText)
                .containsExactly("application/problem+json");
        assertThat(json.path("multiValueHeaders").path("Set-Cookie")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(TEXT.cookies());
        assertThat(json.path("multiValueHeaders").has("Transfer-Encoding")).isFalse();
    }

    @Test
    void answer_albSingleValue_givesEachSetCookieItsOwnCasing() {
        JsonNode json = FrontDoor.ALB.answer(TEXT);
        assertThat(json.has("multiValueHeaders")).isFalse();
        assertThat(json.path("headers").path("Content-Type").asText()).isEqualTo("application/problem+json");
        assertThat(json.path("headers").path("set-cookie").asText()).isEqualTo(TEXT.cookies().get(0));
        assertThat(json.path("headers").path("Set-cookie").asText()).isEqualTo(TEXT.cookies().get(1));
    }

    @ParameterizedTest
    @CsvSource({ "200, 200 OK", "201, 201 Created", "404, 404 Not Found", "413, 413 Request Entity Too Large",
            "502, 502 Bad Gateway" })
    void answer_alb_hasTheStatusLineAsStatusDescription(int status, String description) {
        FrontDoor.Answer answer = new FrontDoor.Answer(status, Map.of(), List.of(), new byte[0]);
        assertThat(FrontDoor.ALB.answer(answer).path("statusDescription").asText()).isEqualTo(description);
        assertThat(FrontDoor.ALB_MULTI_VALUE.answer(answer).path("statusDescription").asText()).isEqualTo(description);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json|true", "Application/JSON; charset=UTF-8|true", "application/problem+json|true",
            "text/html;charset=utf-8|true", "TEXT/CSS|true", "application/javascript|true", "text/javascript|true",
            "application/xml|true", "image/svg+xml|true", "application/yaml;charset=UTF-8|true",
            "application/x-www-form-urlencoded|true", "application/vnd.api+json|true",
            "image/png|false", "application/octet-stream|false", "application/pdf|false", "font/woff2|false",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document|false" })
    void isText_byMediaTypeIgnoringCase(String contentType, boolean text) {
        assertThat(FrontDoor.isText(Map.of("content-type", contentType))).isEqualTo(text);
    }

    @Test
    void isText_notWithoutContentTypeNorWhenCompressed() {
        assertThat(FrontDoor.isText(Map.of())).isFalse();
        assertThat(FrontDoor.isText(Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"))).isFalse();
        assertThat(FrontDoor.isText(Map.of("Content-Type", "application/json", "Content-Encoding", "identity")))
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(FrontDoor.class)
    void answer_textNeverBase64_binaryAlways(FrontDoor door) {
        JsonNode text = door.answer(TEXT);
        assertThat(text.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(text.path("body").asText()).isEqualTo("{\"é\":1}");

        byte[] png = { (byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff };
        JsonNode binary = door.answer(new FrontDoor.Answer(200, Map.of("content-type", "image/png"), List.of(), png));
        assertThat(binary.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(binary.path("body").asText())).isEqualTo(png);

        byte[] latin1 = { 'c', 'a', 'f', (byte) 0xe9 };
        JsonNode notUtf8 = door.answer(new FrontDoor.Answer(200, Map.of("Content-Type", "text/plain"), List.of(),
                latin1));
        assertThat(notUtf8.path("isBase64Encoded").asBoolean()).as("text that is not UTF-8 travels as bytes").isTrue();

        JsonNode empty = door.answer(new FrontDoor.Answer(204, Map.of(), List.of(), new byte[0]));
        assertThat(empty.path("body").asText()).isEmpty();
        assertThat(empty.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void casing_givesDistinctSpellings() {
        assertThat(IntStream.range(0, 40).mapToObj(n -> FrontDoor.casing("set-cookie", n)).distinct()).hasSize(40)
                .allMatch(name -> name.equalsIgnoreCase("set-cookie"));
    }
}

package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Packages serverless.yml offline with the real framework (osls) for both API Gateway flavours and checks the
 * CloudFormation it generates against the app's configuration.
 */
class ServerlessTemplateTest {

    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    static final String FUNCTION = "ApiLambdaFunction";

    /** The two flavours serverless.yml deploys, with the image each one takes. */
    enum Flavour {
        HTTP_API("httpApi", "hello-anywhere-lambda"),
        REST_API("restApi", "hello-anywhere-lambda-rest");

        final String param;
        final String repository;

        Flavour(String param, String repository) {
            this.param = param;
            this.repository = repository;
        }

        String imageUri() {
            return "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/" + repository + "@" + DIGEST;
        }
    }

    private static final Map<Flavour, JsonNode> TEMPLATES = new EnumMap<>(Flavour.class);

    @TempDir
    static Path packages;

    static JsonNode template(Flavour flavour) throws Exception {
        if (!TEMPLATES.containsKey(flavour)) {
            TEMPLATES.put(flavour, packageOffline(packages.resolve(flavour.param), "--param=api=" + flavour.param,
                    "--param=imageUri=" + flavour.imageUri()).path("template"));
        }
        return TEMPLATES.get(flavour);
    }

    /** Runs {@code osls package} without AWS credentials; returns the template and the resolved service state. */
    static JsonNode packageOffline(Path target, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(DeployFiles.osls().toString(), "package", "--package",
                target.toString()));
        command.addAll(List.of(options));
        DeployFiles.runOk(command);
        var result = DeployFiles.JSON.createObjectNode();
        result.set("template", DeployFiles.JSON.readTree(
                target.resolve("cloudformation-template-update-stack.json").toFile()));
        result.set("state", DeployFiles.JSON.readTree(target.resolve("serverless-state.json").toFile()));
        return result;
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void function_isTheFlavoursImageWithExplicitSizingAndNoRuntime(Flavour flavour) throws Exception {
        JsonNode function = resource(template(flavour), FUNCTION).path("Properties");

        assertThat(function.path("PackageType").asText()).isEqualTo("Image");
        assertThat(function.path("Code").path("ImageUri").asText()).isEqualTo(flavour.imageUri());
        assertThat(function.has("Runtime")).as("an image function has no runtime").isFalse();
        assertThat(function.has("Handler")).isFalse();
        assertThat(function.path("Architectures").get(0).asText()).isEqualTo("x86_64");
        assertThat(function.path("MemorySize").asInt()).isGreaterThanOrEqualTo(512);
        assertThat(function.path("Timeout").asInt()).as("below API Gateway's 29 s limit").isBetween(3, 29);
        assertThat(function.path("FunctionName").asText()).isEqualTo("hello-anywhere-prod-api");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void logsAndRole_keepThirtyDaysAndGrantOnlyLogging(Flavour flavour) throws Exception {
        JsonNode template = template(flavour);

        JsonNode logGroup = resource(template, "ApiLogGroup").path("Properties");
        assertThat(logGroup.path("LogGroupName").asText()).isEqualTo("/aws/lambda/hello-anywhere-prod-api");
        assertThat(logGroup.path("RetentionInDays").asInt()).isEqualTo(30);

        JsonNode role = resource(template, "IamRoleLambdaExecution").path("Properties");
        assertThat(role.path("AssumeRolePolicyDocument").toString()).contains("lambda.amazonaws.com")
                .contains("sts:AssumeRole");
        List<String> actions = role.findValues("Action").stream()
                .flatMap(node -> StreamSupport.stream(node.spliterator(), false)).map(JsonNode::asText)
                .filter(action -> !action.equals("sts:AssumeRole")).toList();
        assertThat(actions).contains("logs:CreateLogStream", "logs:PutLogEvents").allMatch(a -> a.startsWith("logs:"));
        assertThat(resource(template, FUNCTION).path("Properties").path("Role").toString())
                .contains("IamRoleLambdaExecution");
    }

    @Test
    void httpApi_usesPayload2AndTheAppsCorsSettings() throws Exception {
        AppConfig app = AppConfig.load();
        JsonNode template = template(Flavour.HTTP_API);

        JsonNode cors = single(template, "AWS::ApiGatewayV2::Api").path("Properties").path("CorsConfiguration");
        assertThat(texts(cors.path("AllowMethods"))).containsExactlyElementsOf(app.list("quarkus.http.cors.methods"));
        assertThat(texts(cors.path("AllowHeaders"))).containsExactlyElementsOf(app.list("quarkus.http.cors.headers"));
        assertThat(texts(cors.path("ExposeHeaders")))
                .containsExactlyElementsOf(app.list("quarkus.http.cors.exposed-headers"));
        assertThat(cors.path("MaxAge").asLong()).isEqualTo(
                AppConfig.parseDuration(app.require("quarkus.http.cors.access-control-max-age").replace("H", "h"))
                        .toSeconds());

        JsonNode integration = single(template, "AWS::ApiGatewayV2::Integration").path("Properties");
        assertThat(integration.path("IntegrationType").asText()).isEqualTo("AWS_PROXY");
        assertThat(integration.path("PayloadFormatVersion").asText()).isEqualTo("2.0");
        assertThat(integration.path("IntegrationUri").toString()).contains(FUNCTION);
        assertThat(single(template, "AWS::ApiGatewayV2::Route").path("Properties").path("RouteKey").asText())
                .isEqualTo("$default");
        assertThat(ofType(template, "AWS::ApiGateway::RestApi")).isEmpty();
    }

    @Test
    void restApi_proxiesRootAndPathsAndAnswersPreflightWithoutBreakingOnBinaryTypes() throws Exception {
        AppConfig app = AppConfig.load();
        JsonNode template = template(Flavour.REST_API);

        JsonNode api = single(template, "AWS::ApiGateway::RestApi").path("Properties");
        boolean allBinary = texts(api.path("BinaryMediaTypes")).contains("*/*");
        assertThat(single(template, "AWS::ApiGateway::Resource").path("Properties").path("PathPart").asText())
                .isEqualTo("{proxy+}");

        List<JsonNode> methods = ofType(template, "AWS::ApiGateway::Method");
        List<JsonNode> any = methods.stream().filter(m -> m.path("Properties").path("HttpMethod").asText()
                .equals("ANY")).toList();
        assertThat(any).as("ANY on / and on /{proxy+}").hasSize(2).allSatisfy(method -> {
            JsonNode integration = method.path("Properties").path("Integration");
            assertThat(integration.path("Type").asText()).isEqualTo("AWS_PROXY");
            assertThat(integration.path("Uri").toString()).contains(FUNCTION);
        });
        assertThat(any).extracting(m -> m.path("Properties").path("ResourceId").toString())
                .anySatisfy(id -> assertThat(id).contains("RootResourceId"))
                .anySatisfy(id -> assertThat(id).contains("ApiGatewayResourceProxyVar"));

        List<JsonNode> preflight = methods.stream().filter(m -> m.path("Properties").path("HttpMethod").asText()
                .equals("OPTIONS")).toList();
        assertThat(preflight).hasSize(2).allSatisfy(method -> {
            JsonNode integration = method.path("Properties").path("Integration");
            assertThat(integration.path("Type").asText()).isEqualTo("MOCK");
            if (allBinary) {
                assertThat(integration.path("ContentHandling").asText())
                        .as("with BinaryMediaTypes */* a mock preflight without CONVERT_TO_TEXT answers 500")
                        .isEqualTo("CONVERT_TO_TEXT");
            }
            JsonNode response = integration.path("IntegrationResponses").get(0);
            JsonNode headers = response.path("ResponseParameters");
            assertThat(unquote(headers.path("method.response.header.Access-Control-Allow-Headers").asText()))
                    .isEqualTo(String.join(",", app.list("quarkus.http.cors.headers")));
            assertThat(unquote(headers.path("method.response.header.Access-Control-Allow-Methods").asText())
                    .split(",")).contains(app.list("quarkus.http.cors.methods").toArray(String[]::new));
        });
        assertThat(ofType(template, "AWS::ApiGatewayV2::Api")).isEmpty();
    }

    @Test
    void stageRegionAndDeploymentBucket_areOverridable(@TempDir Path target) throws Exception {
        JsonNode result = packageOffline(target, "--stage", "dev", "--region", "eu-west-1",
                "--param=deploymentBucket=my-artifacts", "--param=imageUri=" + Flavour.HTTP_API.imageUri());
        JsonNode provider = result.path("state").path("service").path("provider");

        assertThat(provider.path("stage").asText()).isEqualTo("dev");
        assertThat(provider.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(provider.path("deploymentBucket").asText()).isEqualTo("my-artifacts");
        assertThat(result.path("template").path("Resources").has("ServerlessDeploymentBucket")).isFalse();
        assertThat(resource(result.path("template"), FUNCTION).path("Properties").path("FunctionName").asText())
                .isEqualTo("hello-anywhere-dev-api");
        assertThat(template(Flavour.HTTP_API).path("Resources").has("ServerlessDeploymentBucket"))
                .as("by default the framework makes its own bucket").isTrue();
    }

    @Test
    void imageUri_comesFromSsmWhenNotGivenOffline(@TempDir Path target) throws Exception {
        String config = Files.readString(DeployFiles.path("serverless.yml"));
        assertThat(config).contains("${ssm:/hello-anywhere/account-id}")
                .contains("${ssm:/hello-anywhere/${sls:stage}/image/${self:custom.flavours.${param:api}.image}}")
                .doesNotContainPattern("(?m)^\\s*runtime:");

        var run = DeployFiles.run(List.of(DeployFiles.osls().toString(), "package", "--package", target.toString()),
                Map.of());
        assertThat(run.exitCode()).as("without imageUri the image is read from SSM, which needs AWS").isNotZero();
        assertThat(run.output()).contains("functions.api.image.uri");
    }

    private static JsonNode resource(JsonNode template, String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        assertThat(resource.isMissingNode()).as("resource %s", logicalId).isFalse();
        return resource;
    }

    private static List<JsonNode> ofType(JsonNode template, String type) {
        return StreamSupport.stream(template.path("Resources").spliterator(), false)
                .filter(resource -> resource.path("Type").asText().equals(type)).toList();
    }

    private static JsonNode single(JsonNode template, String type) {
        List<JsonNode> found = ofType(template, type);
        assertThat(found).as("%s resources", type).hasSize(1);
        return found.get(0);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String unquote(String value) {
        return value.replaceAll("^'|'$", "");
    }
}

package com.example.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Packages serverless.yml offline with the real framework (osls) for each front door (HTTP API, REST API, ALB), with
 * the function as the Lambda image and as function.zip with SnapStart, and checks the CloudFormation it generates
 * against the app's configuration.
 */
@Tag("container")
class ServerlessTemplateTest {

    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    static final String FUNCTION = "ApiLambdaFunction";
    static final String IMAGE_URI = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/hello-anywhere-lambda@" + DIGEST;
    static final String LISTENER_ARN = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/shared/"
            + "50dc6c495c0c9188/f2f7dc8efc522ab2";

    /** The front doors serverless.yml deploys the one Lambda image behind, and the params each one needs. */
    enum Flavour {
        HTTP_API("httpApi"),
        REST_API("restApi"),
        ALB("alb", "--param=albListenerArn=" + LISTENER_ARN, "--param=albPriority=100");

        final String param;
        final List<String> options;

        Flavour(String param, String... options) {
            this.param = param;
            this.options = List.of(options);
        }

        String[] packageOptions(String... more) {
            List<String> all = new ArrayList<>(List.of("--param=api=" + param, "--param=imageUri=" + IMAGE_URI));
            all.addAll(options);
            all.addAll(List.of(more));
            return all.toArray(String[]::new);
        }
    }

    private static final Map<Flavour, JsonNode> TEMPLATES = new EnumMap<>(Flavour.class);
    private static final Map<Flavour, JsonNode> ZIP_TEMPLATES = new EnumMap<>(Flavour.class);
    static final String ZIP_ALIAS = "snapstart";

    @TempDir
    static Path packages;

    static JsonNode template(Flavour flavour) throws Exception {
        if (!TEMPLATES.containsKey(flavour)) {
            TEMPLATES.put(flavour, packageOffline(packages.resolve(flavour.param), flavour.packageOptions())
                    .path("template"));
        }
        return TEMPLATES.get(flavour);
    }

    /** The flavour with the zip package, packaged without an image URI. */
    static JsonNode zipTemplate(Flavour flavour) throws Exception {
        if (!ZIP_TEMPLATES.containsKey(flavour)) {
            List<String> options = new ArrayList<>(List.of("--param=api=" + flavour.param, "--param=package=zip"));
            options.addAll(flavour.options);
            ZIP_TEMPLATES.put(flavour, packageZipOffline(packages.resolve("zip-" + flavour.param),
                    options.toArray(String[]::new)).path("template"));
        }
        return ZIP_TEMPLATES.get(flavour);
    }

    /** Runs {@code osls package} without AWS credentials; returns the template and the resolved service state. */
    static JsonNode packageOffline(Path target, String... options) throws Exception {
        return packageOffline(DeployFiles.ROOT, target, options);
    }

    /**
     * Packages the zip package in a service directory of its own, serverless.yml and a stand-in target/function.zip:
     * these tests run in the container build, which makes no function.zip, and the template does not depend on what
     * the zip holds.
     */
    static JsonNode packageZipOffline(Path target, String... options) throws Exception {
        Path service = Files.createTempDirectory(packages, "service");
        Files.copy(DeployFiles.path("serverless.yml"), service.resolve("serverless.yml"));
        Path zip = Files.createDirectories(service.resolve("target")).resolve("function.zip");
        try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("stand-in.txt"));
            out.write("function.zip stand-in".getBytes(UTF_8));
        }
        return packageOffline(service, target, options);
    }

    private static JsonNode packageOffline(Path service, Path target, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(DeployFiles.osls().toString(), "package", "--package",
                target.toString()));
        command.addAll(List.of(options));
        var run = DeployFiles.run(command, Map.of(), service);
        assertThat(run.exitCode()).as("exit code of %s, output:%n%s", command, run.output()).isZero();
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
        assertThat(function.path("Code").path("ImageUri").asText()).isEqualTo(IMAGE_URI);
        assertThat(function.has("Runtime")).as("an image function has no runtime").isFalse();
        assertThat(function.has("Handler")).isFalse();
        assertThat(function.path("Architectures").get(0).asText()).isEqualTo("x86_64");
        assertThat(function.path("MemorySize").asInt()).isGreaterThanOrEqualTo(512);
        assertThat(function.path("Timeout").asInt()).as("below API Gateway's 29 s limit").isBetween(3, 29);
        assertThat(function.path("FunctionName").asText()).isEqualTo("hello-anywhere-prod-api");
    }

    /**
     * The stack creates no IAM resource: the function runs as the role created once from deploy/iam/, the one role
     * the deploy role may pass to Lambda (IamPoliciesTest), so deploying needs no right to create or change roles.
     */
    @ParameterizedTest
    @EnumSource(Flavour.class)
    void logsAndRole_keepThirtyDaysAndRunAsThePreCreatedFunctionRole(Flavour flavour) throws Exception {
        JsonNode template = template(flavour);

        JsonNode logGroup = resource(template, "ApiLogGroup").path("Properties");
        assertThat(logGroup.path("LogGroupName").asText()).isEqualTo("/aws/lambda/hello-anywhere-prod-api");
        assertThat(logGroup.path("RetentionInDays").asInt()).isEqualTo(30);

        assertThat(StreamSupport.stream(template.path("Resources").spliterator(), false)
                .map(resource -> resource.path("Type").asText())).noneMatch(type -> type.startsWith("AWS::IAM::"));
        String role = resource(template, FUNCTION).path("Properties").path("Role").path("Fn::Sub").asText();
        assertThat(role).isEqualTo("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/hello-anywhere-function");
        JsonNode passRole = DeployFiles.readJson("deploy/iam/github-deploy-policy.json").path("Statement")
                .findParents("Action").stream().filter(s -> s.path("Action").asText().equals("iam:PassRole"))
                .filter(s -> s.at("/Condition/StringEquals/iam:PassedToService").asText()
                        .equals("lambda.amazonaws.com"))
                .findFirst().orElseThrow();
        assertThat(passRole.path("Resource").asText()).endsWith(role.substring(role.indexOf(":role/")));
    }

    /**
     * Only the API's own paths (those of the committed OpenAPI document) reach the function: health and the API
     * documents under /q/ are internal, and every other path is answered by the gateway or the ALB.
     */
    @ParameterizedTest
    @EnumSource(Flavour.class)
    void routes_areTheApisPathsAndNothingUnderQ(Flavour flavour) throws Exception {
        List<String> apiPaths = new ArrayList<>();
        DeployFiles.readJson("src/main/resources/openapi/openapi.json").path("paths").fieldNames()
                .forEachRemaining(apiPaths::add);
        JsonNode template = template(flavour);

        List<String> routed = switch (flavour) {
            case HTTP_API -> ofType(template, "AWS::ApiGatewayV2::Route").stream()
                    .map(route -> route.path("Properties").path("RouteKey").asText()).toList();
            case REST_API -> ofType(template, "AWS::ApiGateway::Resource").stream()
                    .map(resource -> "ANY /" + resource.path("Properties").path("PathPart").asText()).toList();
            case ALB -> texts(single(template, "AWS::ElasticLoadBalancingV2::ListenerRule").path("Properties")
                    .path("Conditions").get(0).path("Values")).stream().map(path -> "ANY " + path).toList();
        };

        assertThat(apiPaths).isNotEmpty().noneMatch(path -> path.startsWith("/q/"));
        assertThat(routed).containsExactlyInAnyOrderElementsOf(apiPaths.stream().map(path -> "ANY " + path).toList());
    }

    /** Without the listener and the priority the ALB flavour is refused, and the message names both. */
    @Test
    void alb_withoutListenerAndPriority_isRefusedNamingThem(@TempDir Path target) throws Exception {
        var run = DeployFiles.run(List.of(DeployFiles.osls().toString(), "package", "--package", target.toString(),
                "--param=api=alb", "--param=imageUri=" + IMAGE_URI), Map.of());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("alb.listenerArn").contains("alb.priority");
    }

    @Test
    void httpApi_usesPayload2AndLeavesCorsToTheApp() throws Exception {
        JsonNode template = template(Flavour.HTTP_API);

        JsonNode api = single(template, "AWS::ApiGatewayV2::Api").path("Properties");
        assertThat(api.has("CorsConfiguration")).as("preflights must reach the app").isFalse();

        JsonNode integration = single(template, "AWS::ApiGatewayV2::Integration").path("Properties");
        assertThat(integration.path("IntegrationType").asText()).isEqualTo("AWS_PROXY");
        assertThat(integration.path("PayloadFormatVersion").asText()).isEqualTo("2.0");
        assertThat(integration.path("IntegrationUri").toString()).contains(FUNCTION);
        assertThat(ofType(template, "AWS::ApiGatewayV2::Route")).extracting(r -> r.path("Properties").path("RouteKey")
                .asText()).as("no $default route: other paths never reach the function").doesNotContain("$default");
        assertThat(ofType(template, "AWS::ApiGateway::RestApi")).isEmpty();
        assertThat(ofType(template, "AWS::ElasticLoadBalancingV2::TargetGroup")).isEmpty();
    }

    @Test
    void restApi_proxiesTheApisPathsAndLeavesPreflightToTheApp() throws Exception {
        JsonNode template = template(Flavour.REST_API);

        JsonNode api = single(template, "AWS::ApiGateway::RestApi").path("Properties");
        assertThat(texts(api.path("BinaryMediaTypes"))).contains("*/*");
        assertThat(ofType(template, "AWS::ApiGateway::Resource")).extracting(r -> r.path("Properties")
                .path("PathPart").asText()).doesNotContain("{proxy+}");

        List<JsonNode> methods = ofType(template, "AWS::ApiGateway::Method");
        assertThat(methods).as("ANY on each path, and no OPTIONS mock of API Gateway's own")
                .hasSameSizeAs(ofType(template, "AWS::ApiGateway::Resource"))
                .allSatisfy(method -> {
                    assertThat(method.path("Properties").path("HttpMethod").asText()).isEqualTo("ANY");
                    JsonNode integration = method.path("Properties").path("Integration");
                    assertThat(integration.path("Type").asText()).isEqualTo("AWS_PROXY");
                    assertThat(integration.path("Uri").toString()).contains(FUNCTION);
                });
        assertThat(methods).extracting(m -> m.path("Properties").path("ResourceId").toString())
                .noneSatisfy(id -> assertThat(id).contains("RootResourceId"));
        assertThat(ofType(template, "AWS::ApiGatewayV2::Api")).isEmpty();
    }

    @Test
    void alb_forwardsTheApisPathsOnTheGivenListenerToTheFunction() throws Exception {
        JsonNode template = template(Flavour.ALB);

        JsonNode targetGroup = single(template, "AWS::ElasticLoadBalancingV2::TargetGroup");
        String targetGroupId = logicalId(template, targetGroup);
        JsonNode properties = targetGroup.path("Properties");
        assertThat(properties.path("TargetType").asText()).isEqualTo("lambda");
        assertThat(properties.path("Targets").toString()).contains(FUNCTION);
        assertThat(multiValueHeaders(properties)).as("the ALB's default: single-value headers").isFalse();

        JsonNode rule = single(template, "AWS::ElasticLoadBalancingV2::ListenerRule").path("Properties");
        assertThat(rule.path("ListenerArn").asText()).isEqualTo(LISTENER_ARN);
        assertThat(rule.path("Priority").asInt()).isPositive();
        assertThat(rule.path("Actions").get(0).path("Type").asText()).isEqualTo("forward");
        assertThat(rule.path("Actions").get(0).path("TargetGroupArn").path("Ref").asText()).isEqualTo(targetGroupId);
        assertThat(rule.path("Conditions").get(0).path("Field").asText()).isEqualTo("path-pattern");
        assertThat(texts(rule.path("Conditions").get(0).path("Values"))).doesNotContain("/*");

        assertThat(ofType(template, "AWS::Lambda::Permission")).extracting(p -> p.path("Properties"))
                .anySatisfy(permission -> {
                    assertThat(permission.path("Principal").asText()).isEqualTo("elasticloadbalancing.amazonaws.com");
                    assertThat(permission.path("SourceArn").path("Ref").asText()).isEqualTo(targetGroupId);
                });
        assertThat(ofType(template, "AWS::ApiGatewayV2::Api")).isEmpty();
        assertThat(ofType(template, "AWS::ApiGateway::RestApi")).isEmpty();
    }

    @Test
    void alb_multiValueHeadersAreAParam(@TempDir Path target) throws Exception {
        JsonNode template = packageOffline(target, "--param=api=alb", "--param=imageUri=" + IMAGE_URI,
                "--param=albListenerArn=" + LISTENER_ARN, "--param=albMultiValueHeaders=true", "--param=albPriority=7")
                .path("template");
        JsonNode properties = single(template, "AWS::ElasticLoadBalancingV2::TargetGroup").path("Properties");
        assertThat(multiValueHeaders(properties)).isTrue();
        assertThat(single(template, "AWS::ElasticLoadBalancingV2::ListenerRule").path("Properties")
                .path("Priority").asInt()).isEqualTo(7);
    }

    @Test
    void corsOrigins_reachTheFunctionOnlyWhenTheStageGivesThem(@TempDir Path target) throws Exception {
        String origins = "https://app.example.org,https://admin.example.org";
        for (Flavour flavour : Flavour.values()) {
            assertThat(resource(template(flavour), FUNCTION).path("Properties").path("Environment").path("Variables")
                    .has("QUARKUS_HTTP_CORS_ORIGINS")).as("%s without corsOrigins: the app's own origins", flavour)
                    .isFalse();
        }
        JsonNode template = packageOffline(target, Flavour.HTTP_API.packageOptions("--param=corsOrigins=" + origins))
                .path("template");
        assertThat(resource(template, FUNCTION).path("Properties").path("Environment").path("Variables")
                .path("QUARKUS_HTTP_CORS_ORIGINS").asText()).isEqualTo(origins);
    }

    @Test
    void stageRegionAndDeploymentBucket_areOverridable(@TempDir Path target) throws Exception {
        JsonNode result = packageOffline(target, "--stage", "dev", "--region", "eu-west-1",
                "--param=deploymentBucket=my-artifacts", "--param=imageUri=" + IMAGE_URI);
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
                .contains("${ssm:/hello-anywhere/${sls:stage}/image/lambda}");

        var run = DeployFiles.run(List.of(DeployFiles.osls().toString(), "package", "--package", target.toString()),
                Map.of());
        assertThat(run.exitCode()).as("without imageUri the image is read from SSM, which needs AWS").isNotZero();
        assertThat(run.output()).contains("api.image.uri").contains("credentials");
    }

    /** The same build's function.zip on the managed runtime, sized and named as the image; no SSM record read. */
    @ParameterizedTest
    @EnumSource(Flavour.class)
    void zip_isFunctionZipOnTheManagedJava25RuntimeWithSnapStart(Flavour flavour) throws Exception {
        JsonNode function = resource(zipTemplate(flavour), FUNCTION).path("Properties");
        JsonNode image = resource(template(flavour), FUNCTION).path("Properties");

        assertThat(function.path("PackageType").asText()).isNotEqualTo("Image");
        assertThat(function.path("Code").has("ImageUri")).isFalse();
        assertThat(function.path("Code").path("S3Key").asText()).endsWith("/function.zip");
        assertThat(function.path("Runtime").asText()).isEqualTo("java25");
        assertThat(function.path("Handler").asText()).as("the handler the image's CMD names").isEqualTo(imageHandler());
        assertThat(function.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        for (String property : List.of("FunctionName", "Architectures", "MemorySize", "Timeout", "Role",
                "LoggingConfig")) {
            assertThat(function.path(property)).as(property).isEqualTo(image.path(property));
        }
    }

    /** SnapStart restores published versions only, so every door must call the version's alias, never $LATEST. */
    @ParameterizedTest
    @EnumSource(Flavour.class)
    void zip_frontDoorCallsThePublishedVersionThroughItsAlias(Flavour flavour) throws Exception {
        JsonNode template = zipTemplate(flavour);

        JsonNode alias = single(template, "AWS::Lambda::Alias").path("Properties");
        String version = logicalId(template, single(template, "AWS::Lambda::Version"));
        assertThat(alias.path("Name").asText()).isEqualTo(ZIP_ALIAS);
        assertThat(alias.path("FunctionVersion").path("Fn::GetAtt").get(0).asText()).isEqualTo(version);

        String aliasArn = "[{\"Fn::GetAtt\":[\"" + FUNCTION + "\",\"Arn\"]},\"" + ZIP_ALIAS + "\"]";
        List<JsonNode> permissions = ofType(template, "AWS::Lambda::Permission");
        assertThat(permissions).isNotEmpty().allSatisfy(permission -> assertThat(
                permission.path("Properties").path("FunctionName").toString()).contains(aliasArn));
        String target = switch (flavour) {
        case HTTP_API -> single(template, "AWS::ApiGatewayV2::Integration").path("Properties")
                .path("IntegrationUri").toString();
        case REST_API -> ofType(template, "AWS::ApiGateway::Method").stream()
                .map(method -> method.path("Properties").path("Integration").path("Uri").toString())
                .reduce("", String::concat);
        case ALB -> single(template, "AWS::ElasticLoadBalancingV2::TargetGroup").path("Properties")
                .path("Targets").toString();
        };
        assertThat(target).contains(ZIP_ALIAS).doesNotContain("$LATEST");
        if (flavour == Flavour.REST_API) {
            assertThat(target.split(ZIP_ALIAS, -1)).as("both methods call the alias").hasSize(3);
        }
    }

    /** The handler the Lambda image's CMD names: the one the runtime client calls in both packages. */
    static String imageHandler() throws Exception {
        return Files.readString(DeployFiles.path("docker/Dockerfile.lambda"))
                .replaceAll("(?s).*\nCMD \\[\"([^\"]+)\"].*", "$1");
    }

    private static JsonNode resource(JsonNode template, String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        assertThat(resource.isMissingNode()).as("resource %s", logicalId).isFalse();
        return resource;
    }

    private static boolean multiValueHeaders(JsonNode targetGroup) {
        for (JsonNode attribute : targetGroup.path("TargetGroupAttributes")) {
            if (attribute.path("Key").asText().equals("lambda.multi_value_headers.enabled")) {
                return attribute.path("Value").asBoolean();
            }
        }
        return false;
    }

    private static String logicalId(JsonNode template, JsonNode resource) {
        var ids = template.path("Resources").fieldNames();
        while (ids.hasNext()) {
            String id = ids.next();
            if (template.path("Resources").get(id) == resource) {
                return id;
            }
        }
        throw new AssertionError("not a resource of the template");
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
}

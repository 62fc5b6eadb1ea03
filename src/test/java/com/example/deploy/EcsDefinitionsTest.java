package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Checks ecs/task-definition.json and ecs/service-definition.json: field names against the ECS API
 * (RegisterTaskDefinition, CreateService), and settings against the app and the EKS overlay's ConfigMap.
 */
@Tag("container")
class EcsDefinitionsTest {

    /** RegisterTaskDefinition request members (ECS API reference). */
    static final Set<String> TASK_FIELDS = Set.of("family", "taskRoleArn", "executionRoleArn", "networkMode",
            "containerDefinitions", "volumes", "placementConstraints", "requiresCompatibilities", "cpu", "memory",
            "tags", "pidMode", "ipcMode", "proxyConfiguration", "inferenceAccelerators", "ephemeralStorage",
            "runtimePlatform", "enableFaultInjection");

    /** ContainerDefinition members (ECS API reference). */
    static final Set<String> CONTAINER_FIELDS = Set.of("name", "image", "repositoryCredentials", "cpu", "memory",
            "memoryReservation", "links", "portMappings", "essential", "restartPolicy", "entryPoint", "command",
            "environment", "environmentFiles", "mountPoints", "volumesFrom", "linuxParameters", "secrets",
            "dependsOn", "startTimeout", "stopTimeout", "versionConsistency", "hostname", "user", "workingDirectory",
            "disableNetworking", "privileged", "readonlyRootFilesystem", "dnsServers", "dnsSearchDomains",
            "extraHosts", "dockerSecurityOptions", "interactive", "pseudoTerminal", "dockerLabels", "ulimits",
            "logConfiguration", "healthCheck", "systemControls", "resourceRequirements", "firelensConfiguration",
            "credentialSpecs");

    /** CreateService request members (ECS API reference). */
    static final Set<String> SERVICE_FIELDS = Set.of("cluster", "serviceName", "taskDefinition",
            "availabilityZoneRebalancing", "loadBalancers", "serviceRegistries", "desiredCount", "clientToken",
            "launchType", "capacityProviderStrategy", "platformVersion", "role", "deploymentConfiguration",
            "placementConstraints", "placementStrategy", "networkConfiguration", "healthCheckGracePeriodSeconds",
            "schedulingStrategy", "deploymentController", "tags", "enableECSManagedTags", "propagateTags",
            "enableExecuteCommand", "serviceConnectConfiguration", "volumeConfigurations",
            "vpcLatticeConfigurations");

    /** Fargate task sizes: CPU units to the allowed memory range in MiB. */
    static final Map<Integer, int[]> FARGATE_SIZES = Map.of(256, new int[] { 512, 2048 }, 512,
            new int[] { 1024, 4096 }, 1024, new int[] { 2048, 8192 }, 2048, new int[] { 4096, 16384 }, 4096,
            new int[] { 8192, 30720 });

    @Test
    void definitions_useOnlyEcsApiFieldNames() throws Exception {
        JsonNode task = DeployFiles.readJson("ecs/task-definition.json");
        JsonNode service = DeployFiles.readJson("ecs/service-definition.json");

        assertThat(fieldNames(task)).isSubsetOf(TASK_FIELDS);
        assertThat(fieldNames(container(task))).isSubsetOf(CONTAINER_FIELDS);
        assertThat(fieldNames(container(task).path("healthCheck")))
                .isSubsetOf("command", "interval", "timeout", "retries", "startPeriod");
        assertThat(fieldNames(service)).isSubsetOf(SERVICE_FIELDS);
        assertThat(fieldNames(withField(container(task), "readonlyRootFilesystems")))
                .as("the check catches a misspelling").isNotEqualTo(fieldNames(container(task)))
                .matches(names -> !CONTAINER_FIELDS.containsAll(names));
    }

    @Test
    void taskDefinition_isAFargateTaskForTheHttpServerImage() throws Exception {
        AppConfig app = AppConfig.load();
        JsonNode task = DeployFiles.readJson("ecs/task-definition.json");
        JsonNode container = container(task);

        assertThat(texts(task.path("requiresCompatibilities"))).containsExactly("FARGATE");
        assertThat(task.path("networkMode").asText()).isEqualTo("awsvpc");
        int cpu = Integer.parseInt(task.path("cpu").asText());
        int memory = Integer.parseInt(task.path("memory").asText());
        assertThat(FARGATE_SIZES).containsKey(cpu);
        assertThat(memory).isBetween(FARGATE_SIZES.get(cpu)[0], FARGATE_SIZES.get(cpu)[1]);
        assertThat(task.path("executionRoleArn").asText()).startsWith("arn:aws:iam::");

        assertThat(container.path("image").asText()).matches(".+\\.dkr\\.ecr\\..+/hello-anywhere@sha256:[0-9a-f]{64}");
        assertThat(container.path("essential").asBoolean()).isTrue();
        assertThat(container.path("portMappings").findValuesAsText("containerPort"))
                .containsExactly(String.valueOf(app.httpPort()), String.valueOf(app.managementPort()));
        assertThat(container.path("portMappings").findValuesAsText("protocol")).containsOnly("tcp");
        assertThat(container.path("user").asText()).isEqualTo("185");
        assertThat(container.path("readonlyRootFilesystem").asBoolean()).isTrue();
        assertThat(texts(container.path("linuxParameters").path("capabilities").path("drop"))).containsExactly("ALL");
        JsonNode tmp = StreamSupport.stream(container.path("mountPoints").spliterator(), false)
                .filter(mount -> mount.path("containerPath").asText().equals("/tmp")).findFirst().orElseThrow();
        assertThat(task.path("volumes").findValuesAsText("name")).contains(tmp.path("sourceVolume").asText());
    }

    @Test
    void taskDefinition_healthLogsAndStopTimeoutMatchTheApp() throws Exception {
        AppConfig app = AppConfig.load();
        JsonNode container = container(DeployFiles.readJson("ecs/task-definition.json"));

        JsonNode health = container.path("healthCheck");
        assertThat(String.join(" ", texts(health.path("command"))))
                .startsWith("CMD").contains("/q/health/live").contains("/" + app.managementPort() + " ");
        assertThat(health.path("startPeriod").asInt()).isBetween(0, 300);
        assertThat(health.path("timeout").asInt()).isLessThan(health.path("interval").asInt());

        JsonNode logs = container.path("logConfiguration");
        assertThat(logs.path("logDriver").asText()).isEqualTo("awslogs");
        assertThat(fieldNames(logs.path("options"))).contains("awslogs-group", "awslogs-region",
                "awslogs-stream-prefix");

        Duration stop = Duration.ofSeconds(container.path("stopTimeout").asInt());
        assertThat(stop).as("SIGKILL only after the readiness delay and the graceful shutdown")
                .isGreaterThan(app.shutdownDelay().plus(app.shutdownTimeout()));
        assertThat(stop.toSeconds()).as("Fargate maximum").isLessThanOrEqualTo(120);
    }

    @Test
    void taskEnvironment_isTheEksConfigAndNamesKnownKeys() throws Exception {
        AppConfig app = AppConfig.load();
        Map<String, String> environment = environment(DeployFiles.readJson("ecs/task-definition.json"));
        Map<String, String> eksConfig = KubernetesManifestsTest.configMapData(KubernetesManifestsTest.render("eks"));

        assertThat(environment).as("same settings on ECS and EKS, the two AWS deployments").isEqualTo(eksConfig);
        assertThat(environment.keySet()).allSatisfy(name -> assertThat(app.propertyForEnv(name)).as(name).isPresent());
        assertThat(AppConfig.parseDuration(environment.get("QUARKUS_SHUTDOWN_TIMEOUT")))
                .isEqualTo(app.shutdownTimeout());
    }

    /** The task's own CORS origins (a per-deployment override), never a copy of the app's default. */
    @Test
    void taskEnvironment_overridesCorsOriginsForThisDeployment() throws Exception {
        AppConfig app = AppConfig.load();
        String origins = environment(DeployFiles.readJson("ecs/task-definition.json")).get("QUARKUS_HTTP_CORS_ORIGINS");

        assertThat(origins).isNotBlank().isNotEqualTo(app.require("quarkus.http.cors.origins"));
        assertThat(origins.split(",")).allSatisfy(origin -> assertThat(origin).matches("https://[\\w.-]+(:\\d+)?"));
    }

    @Test
    void taskEnvironment_oneEventLoopForEachVcpuOfTheTask() throws Exception {
        JsonNode task = DeployFiles.readJson("ecs/task-definition.json");
        int vcpus = Math.max(1, (int) Math.ceil(Integer.parseInt(task.path("cpu").asText()) / 1024.0));

        assertThat(container(task).path("environment")).as("Quarkus starts two event loops per CPU")
                .anySatisfy(variable -> {
                    assertThat(variable.path("name").asText()).isEqualTo("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE");
                    assertThat(variable.path("value").asText()).isEqualTo(Integer.toString(vcpus));
                });
    }

    @Test
    void serviceDefinition_runsTheTaskBehindTheLoadBalancer() throws Exception {
        AppConfig app = AppConfig.load();
        JsonNode task = DeployFiles.readJson("ecs/task-definition.json");
        JsonNode service = DeployFiles.readJson("ecs/service-definition.json");

        assertThat(service.path("taskDefinition").asText()).isEqualTo(task.path("family").asText());
        assertThat(service.path("launchType").asText()).isEqualTo("FARGATE");
        assertThat(service.path("desiredCount").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(service.path("loadBalancers")).singleElement().satisfies(lb -> {
            assertThat(lb.path("containerName").asText()).isEqualTo(container(task).path("name").asText());
            assertThat(lb.path("containerPort").asInt()).isEqualTo(app.httpPort());
        });
        assertThat(service.path("networkConfiguration").path("awsvpcConfiguration").path("subnets")).isNotEmpty();
        assertThat(service.path("deploymentConfiguration").path("deploymentCircuitBreaker").path("rollback")
                .asBoolean()).isTrue();
        assertThat(service.path("healthCheckGracePeriodSeconds").asInt())
                .isGreaterThanOrEqualTo(container(task).path("healthCheck").path("startPeriod").asInt());
    }

    private static Map<String, String> environment(JsonNode task) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode variable : container(task).path("environment")) {
            assertThat(environment.put(variable.path("name").asText(), variable.path("value").asText()))
                    .as("%s set once", variable.path("name").asText()).isNull();
        }
        return environment;
    }

    private static JsonNode container(JsonNode task) {
        assertThat(task.path("containerDefinitions")).hasSize(1);
        return task.path("containerDefinitions").get(0);
    }

    private static JsonNode withField(JsonNode node, String field) {
        ObjectNode copy = node.deepCopy();
        copy.put(field, true);
        return copy;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}

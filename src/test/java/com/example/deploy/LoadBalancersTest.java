package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * The load balancers in front of the container target (the EKS Ingress, the ECS target group) and the ALBs docs/deploy.md
 * has the user create: desync protection at the edge, health checks on the management port, and a deregistration
 * delay that fits the shutdown settings and the workflow's wait.
 */
@Tag("container")
class LoadBalancersTest {

    static final String ATTRIBUTES = "deploy/alb/load-balancer-attributes.json";
    static final String INGRESS = "alb.ingress.kubernetes.io/";
    /** aws ecs wait services-stable: 40 polls, 15 s apart (AWS CLI reference), then the deploy-ecs job fails. */
    static final Duration SERVICES_STABLE_WAIT = Duration.ofSeconds(40 * 15);

    @Test
    void edgeAttributes_areStrictestDesyncMitigationAndDropInvalidHeaders() throws Exception {
        Map<String, String> attributes = attributes(DeployFiles.readJson(ATTRIBUTES));

        assertThat(attributes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "routing.http.desync_mitigation_mode", "strictest",
                "routing.http.drop_invalid_header_fields.enabled", "true"));
    }

    @Test
    void eksIngress_setsTheSameAttributesOnItsAlb() throws Exception {
        Ingress ingress = KubernetesManifestsTest.render("eks").one(Ingress.class);
        Map<String, String> annotated = keyValues(
                ingress.getMetadata().getAnnotations().get(INGRESS + "load-balancer-attributes"));

        assertThat(annotated).isEqualTo(attributes(DeployFiles.readJson(ATTRIBUTES)));
    }

    /** The guide applies the attributes to the ALB it has the user create for ECS and for the Lambda ALB flavour. */
    @Test
    void guide_appliesTheAttributesToTheAlbsTheUserOwns() throws Exception {
        String guide = Files.readString(DeployFiles.path("docs/deploy.md"));

        assertThat(guide.split("modify-load-balancer-attributes", -1)).as("ECS and Lambda ALB").hasSizeGreaterThan(2);
        assertThat(guide).contains("file://" + ATTRIBUTES, "file://ecs/target-group.json",
                "file://ecs/target-group-attributes.json");
        assertThat(guide).as("which threats cannot reach a function").contains("request smuggling")
                .contains("events, not raw HTTP");
    }

    @Test
    void ecsTargetGroup_checksHealthOnTheManagementPort() throws Exception {
        AppConfig app = AppConfig.load();
        JsonNode group = DeployFiles.readJson("ecs/target-group.json");

        assertThat(group.path("Port").asInt()).isEqualTo(app.httpPort());
        assertThat(group.path("TargetType").asText()).isEqualTo("ip");
        assertThat(group.path("HealthCheckPort").asText()).isEqualTo(String.valueOf(app.managementPort()));
        assertThat(group.path("HealthCheckPath").asText()).isEqualTo("/q/health/ready");
    }

    /**
     * On deregistration the ALB lets requests in flight finish for the delay, and only then does ECS send SIGTERM (or
     * Kubernetes, after the preStop sleep): a delay as long as the app's own graceful-shutdown bound gives in-flight
     * requests what the app would give them, and keeps an update short; the default 300 s does not.
     */
    @Test
    void deregistrationDelay_isTheShutdownTimeoutOnEcsAndEks() throws Exception {
        Duration shutdown = AppConfig.load().shutdownTimeout();
        Duration ecs = Duration.ofSeconds(Long.parseLong(
                attributes(DeployFiles.readJson("ecs/target-group-attributes.json"))
                        .get("deregistration_delay.timeout_seconds")));
        Duration eks = Duration.ofSeconds(Long.parseLong(keyValues(KubernetesManifestsTest.render("eks")
                .one(Ingress.class).getMetadata().getAnnotations().get(INGRESS + "target-group-attributes"))
                .get("deregistration_delay.timeout_seconds")));

        assertThat(ecs).isEqualTo(shutdown).isEqualTo(eks);
    }

    /** A rolling update, worst case, ends inside the deploy job's services-stable wait. */
    @Test
    void ecsUpdate_fitsTheWorkflowsWait() throws Exception {
        JsonNode group = DeployFiles.readJson("ecs/target-group.json");
        JsonNode service = DeployFiles.readJson("ecs/service-definition.json");
        JsonNode container = DeployFiles.readJson("ecs/task-definition.json").path("containerDefinitions").get(0);
        Duration healthy = Duration.ofSeconds(
                (long) group.path("HealthyThresholdCount").asInt() * group.path("HealthCheckIntervalSeconds").asInt());
        Duration draining = Duration.ofSeconds(Long.parseLong(attributes(
                DeployFiles.readJson("ecs/target-group-attributes.json")).get("deregistration_delay.timeout_seconds")));
        Duration update = Duration.ofSeconds(service.path("healthCheckGracePeriodSeconds").asInt()).plus(healthy)
                .plus(draining).plus(Duration.ofSeconds(container.path("stopTimeout").asInt()));

        assertThat(Files.readString(DeployFiles.path(WorkflowTest.WORKFLOW))).contains("aws ecs wait services-stable");
        assertThat(update).as("grace period + healthy checks + draining + stop timeout")
                .isLessThan(SERVICES_STABLE_WAIT.dividedBy(2));
    }

    static Map<String, String> attributes(JsonNode file) {
        Map<String, String> attributes = new LinkedHashMap<>();
        file.path("Attributes").forEach(a -> attributes.put(a.path("Key").asText(), a.path("Value").asText()));
        return attributes;
    }

    /** The {@code key=value,key=value} form of the AWS Load Balancer Controller's attribute annotations. */
    static Map<String, String> keyValues(String annotation) {
        assertThat(annotation).isNotBlank();
        Map<String, String> values = new LinkedHashMap<>();
        Arrays.stream(annotation.split(",")).map(String::trim).forEach(pair -> {
            String[] keyValue = pair.split("=", 2);
            values.put(keyValue[0], keyValue[1]);
        });
        return values;
    }
}

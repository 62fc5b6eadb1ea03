package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The deployments tell a Prometheus where the container target's metrics are: pod annotations in every Kustomize
 * overlay, a Prometheus Operator PodMonitor in the EKS setup (KubernetesAccessTest), CloudWatch agent docker labels on
 * ECS. Each must point at the management interface's port and at Quarkus's Prometheus endpoint.
 */
@Tag("container")
class MetricsScrapeTest {

    /** Quarkus's default for quarkus.micrometer.export.prometheus.path; MetricsTest and the image tests scrape it. */
    static final String METRICS_PATH = "/q/metrics";

    static Stream<String> overlays() {
        return KubernetesManifestsTest.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void podTemplate_isAnnotatedForScraping(String overlay) throws Exception {
        Deployment deployment = KubernetesManifestsTest.render(overlay).one(Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(AppConfig.load().managementPort()))
                .containsEntry("prometheus.io/path", METRICS_PATH);
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort)
                .contains(AppConfig.load().managementPort());
    }

    @Test
    void defaultOverlay_needsNoOperator() throws Exception {
        assertThat(KubernetesManifestsTest.render("default").objects()).extracting(object -> object.getApiVersion())
                .noneMatch(version -> version.startsWith("monitoring.coreos.com/"));
    }

    @Test
    void ecsTask_carriesTheCloudWatchAgentDockerLabels() throws Exception {
        JsonNode container = DeployFiles.readJson("ecs/task-definition.json").path("containerDefinitions").get(0);

        assertThat(container.at("/dockerLabels/ECS_PROMETHEUS_EXPORTER_PORT").asText())
                .isEqualTo(String.valueOf(AppConfig.load().managementPort()));
        assertThat(container.path("portMappings").findValuesAsText("containerPort"))
                .contains(container.at("/dockerLabels/ECS_PROMETHEUS_EXPORTER_PORT").asText());
        assertThat(container.at("/dockerLabels/ECS_PROMETHEUS_METRICS_PATH").asText()).isEqualTo(METRICS_PATH);
    }
}

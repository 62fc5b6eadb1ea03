package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The deployments tell a Prometheus where the container target's metrics are: pod annotations in every Kustomize
 * overlay, a Prometheus Operator ServiceMonitor in the EKS overlay, CloudWatch agent docker labels on ECS. Each must
 * point at the port the app listens on and at Quarkus's Prometheus endpoint.
 */
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
                .containsEntry("prometheus.io/port", String.valueOf(AppConfig.load().httpPort()))
                .containsEntry("prometheus.io/path", METRICS_PATH);
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort)
                .contains(AppConfig.load().httpPort());
    }

    @Test
    void eksServiceMonitor_selectsTheServiceAndScrapesItsHttpPort() throws Exception {
        KubernetesManifestsTest.Rendered eks = KubernetesManifestsTest.render("eks");
        Service service = eks.one(Service.class);
        GenericKubernetesResource monitor = eks.one(GenericKubernetesResource.class);
        JsonNode spec = DeployFiles.JSON.valueToTree(monitor.getAdditionalProperties().get("spec"));

        assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
        assertThat(monitor.getMetadata().getNamespace()).isEqualTo(service.getMetadata().getNamespace());
        Map<String, String> matchLabels = DeployFiles.JSON.convertValue(spec.at("/selector/matchLabels"),
                DeployFiles.JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        assertThat(matchLabels).isNotEmpty();
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(matchLabels);
        assertThat(spec.path("endpoints")).hasSize(1);
        JsonNode endpoint = spec.path("endpoints").get(0);
        ServicePort port = service.getSpec().getPorts().stream()
                .filter(candidate -> candidate.getName().equals(endpoint.path("port").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("the ServiceMonitor's port is not a Service port: " + endpoint));
        assertThat(port.getTargetPort().getStrVal()).as("the container port the Service port targets").isEqualTo("http");
        assertThat(endpoint.path("path").asText()).isEqualTo(METRICS_PATH);
        assertThat(spec.fieldNames()).toIterable().containsOnly("selector", "endpoints");
        assertThat(endpoint.fieldNames()).toIterable()
                .containsOnly("port", "path", "interval", "scrapeTimeout");
    }

    @Test
    void defaultOverlay_needsNoOperator() throws Exception {
        assertThat(KubernetesManifestsTest.render("default").all(GenericKubernetesResource.class)).isEmpty();
    }

    @Test
    void ecsTask_carriesTheCloudWatchAgentDockerLabels() throws Exception {
        JsonNode container = DeployFiles.readJson("ecs/task-definition.json").path("containerDefinitions").get(0);

        assertThat(container.at("/dockerLabels/ECS_PROMETHEUS_EXPORTER_PORT").asText())
                .isEqualTo(container.at("/portMappings/0/containerPort").asText())
                .isEqualTo(String.valueOf(AppConfig.load().httpPort()));
        assertThat(container.at("/dockerLabels/ECS_PROMETHEUS_METRICS_PATH").asText()).isEqualTo(METRICS_PATH);
    }
}

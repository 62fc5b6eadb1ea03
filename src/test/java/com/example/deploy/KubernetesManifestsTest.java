package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Renders every Kustomize overlay with {@code kubectl kustomize}, binds each object to the fabric8 Kubernetes API
 * model with unknown fields rejected, and checks the manifests against the app's own configuration.
 */
@Tag("container")
class KubernetesManifestsTest {

    static final List<String> OVERLAYS = List.of("default", "eks");
    static final String CORS_ORIGINS = "QUARKUS_HTTP_CORS_ORIGINS";

    /** apiVersion/kind pairs the manifests may contain, and the model class each must bind to. */
    static final Map<String, Class<? extends HasMetadata>> MODEL = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/Ingress", Ingress.class);

    /**
     * fabric8 models keep unknown fields in {@code additionalProperties} through {@code @JsonAnySetter}, so
     * FAIL_ON_UNKNOWN_PROPERTIES alone accepts typos. Switching off the any-setter makes Jackson reject them.
     */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .build();

    static Stream<String> overlays() {
        return OVERLAYS.stream();
    }

    /** Typed objects of one rendered overlay. */
    record Rendered(List<HasMetadata> objects) {
        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            assertThat(found).as("%s objects", type.getSimpleName()).hasSize(1);
            return found.get(0);
        }
    }

    static Rendered render(String overlay) throws Exception {
        String yaml = DeployFiles.runOk(List.of(DeployFiles.kubectl().toString(), "kustomize",
                "k8s/overlays/" + overlay));
        List<HasMetadata> objects = DeployFiles.readYamlDocuments(yaml).stream().map(KubernetesManifestsTest::bind)
                .toList();
        return new Rendered(objects);
    }

    static HasMetadata bind(JsonNode document) {
        String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        Class<? extends HasMetadata> modelClass = MODEL.get(type);
        assertThat(modelClass).as("a known Kubernetes API type for %s", type).isNotNull();
        try {
            return STRICT.treeToValue(document, modelClass);
        } catch (IOException e) {
            throw new AssertionError(type + " " + document.path("metadata").path("name").asText()
                    + " does not match the Kubernetes API schema: " + e.getMessage(), e);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void overlay_rendersOnlyKnownApiObjectsWithNoUnknownFields(String overlay) throws Exception {
        Rendered rendered = render(overlay);

        assertThat(rendered.objects()).extracting(HasMetadata::getKind)
                .contains("ConfigMap", "Service", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget");
        assertThat(rendered.all(Namespace.class)).as("EKS: the namespace is one-time setup (KubernetesAccessTest)")
                .hasSize(overlay.equals("eks") ? 0 : 1);
        for (HasMetadata object : rendered.objects()) {
            assertThat(object.getMetadata().getLabels()).as("labels of %s %s", object.getKind(),
                    object.getMetadata().getName()).containsEntry("app.kubernetes.io/name", "hello-anywhere");
        }
    }

    @Test
    void strictBinding_rejectsMisspelledFieldsThatTheDefaultMapperWouldKeep() throws Exception {
        JsonNode deployment = DeployFiles.readYamlDocuments(Files.readString(
                DeployFiles.path("k8s/base/deployment.yaml"))).get(0);
        ObjectNode container = (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers")
                .get(0);
        container.set("readinessProbes", container.get("readinessProbe"));
        container.remove("readinessProbe");

        Deployment lenient = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .treeToValue(deployment, Deployment.class);
        assertThat(lenient.getSpec().getTemplate().getSpec().getContainers().get(0).getAdditionalProperties())
                .as("fabric8 alone keeps the typo instead of failing").containsKey("readinessProbes");
        assertThatThrownBy(() -> STRICT.treeToValue(deployment, Deployment.class))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("readinessProbes");
        assertThatThrownBy(() -> bind(deployment)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not match the Kubernetes API schema");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void deployment_probesPortsAndShutdownMatchTheApp(String overlay) throws Exception {
        AppConfig app = AppConfig.load();
        Rendered rendered = render(overlay);
        PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
        Container container = single(pod.getContainers());

        assertThat(container.getPorts()).extracting(port -> port.getName() + "=" + port.getContainerPort())
                .containsExactlyInAnyOrder("http=" + app.httpPort(), "management=" + app.managementPort());
        assertProbe(container.getStartupProbe(), "/q/health/started");
        assertProbe(container.getReadinessProbe(), "/q/health/ready");
        assertProbe(container.getLivenessProbe(), "/q/health/live");

        Duration shutdown = AppConfig.parseDuration(configMapData(rendered).get("QUARKUS_SHUTDOWN_TIMEOUT"));
        assertThat(shutdown).as("QUARKUS_SHUTDOWN_TIMEOUT agrees with application.properties")
                .isEqualTo(app.shutdownTimeout());
        long preStopSeconds = container.getLifecycle().getPreStop().getSleep().getSeconds();
        assertThat(preStopSeconds).as("preStop sleep for load balancer deregistration").isBetween(5L, 30L);
        assertThat(pod.getTerminationGracePeriodSeconds())
                .as("grace period covers the preStop sleep, the readiness delay and the graceful shutdown")
                .isGreaterThan(preStopSeconds + app.shutdownDelay().toSeconds() + shutdown.toSeconds());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eventLoops_oneForEachCpuOfTheLimit(String overlay) throws Exception {
        Rendered rendered = render(overlay);
        Container container = single(rendered.one(Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers());
        BigDecimal cpus = container.getResources().getLimits().get("cpu").getNumericalAmount();

        assertThat(Integer.parseInt(configMapData(rendered).get("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE")))
                .as("Quarkus starts two event loops per CPU; on a %s-CPU limit they compete", cpus)
                .isEqualTo(Math.max(1, cpus.setScale(0, RoundingMode.CEILING).intValueExact()));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void deployment_runsLockedDownWithRequestsAndLimits(String overlay) throws Exception {
        Rendered rendered = render(overlay);
        PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
        Container container = single(pod.getContainers());

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
        var security = container.getSecurityContext();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/tmp");
            assertThat(pod.getVolumes()).anySatisfy(volume -> {
                assertThat(volume.getName()).isEqualTo(mount.getName());
                assertThat(volume.getEmptyDir()).isNotNull();
            });
        });
        for (Map<String, Quantity> resources : List.of(container.getResources().getRequests(),
                container.getResources().getLimits())) {
            assertThat(resources).containsKeys("cpu", "memory");
        }
        assertThat(Quantity.getAmountInBytes(container.getResources().getRequests().get("memory")))
                .isLessThanOrEqualTo(Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")));
        assertThat(container.getImage()).as("image pinned by digest or an explicit version tag")
                .matches(".+@sha256:[0-9a-f]{64}|.+:(?!latest$)[\\w.-]+");
        if (overlay.equals("eks")) {
            assertThat(container.getImage()).contains(".dkr.ecr.").contains("@sha256:");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void configMap_keysAreQuarkusPropertiesTheAppKnows(String overlay) throws Exception {
        AppConfig app = AppConfig.load();
        Rendered rendered = render(overlay);
        Map<String, String> data = configMapData(rendered);

        assertThat(data).containsKeys("HELLO_HTTP_MAX_BODY_SIZE", "QUARKUS_SHUTDOWN_TIMEOUT", "QUARKUS_LOG_LEVEL");
        assertThat(data.keySet()).allSatisfy(key -> assertThat(app.propertyForEnv(key))
                .as("%s maps to a key in application.properties or AppConfig.DOCUMENTED_QUARKUS_KEYS", key)
                .isPresent());

        Container container = single(rendered.one(Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers());
        assertThat(container.getEnvFrom()).anySatisfy(source -> assertThat(source.getConfigMapRef().getName())
                .isEqualTo(rendered.one(ConfigMap.class).getMetadata().getName()));
    }

    /**
     * The CORS origins live in application.properties only; a deployment that needs others sets
     * QUARKUS_HTTP_CORS_ORIGINS in its own overlay, and that value must reach the pod.
     */
    @Test
    void corsOrigins_theAppsDefaultUnlessAnOverlayOverridesThemForItsPods() throws Exception {
        AppConfig app = AppConfig.load();

        assertThat(configMapData(render("default"))).as("the default overlay keeps the app's origins")
                .doesNotContainKey(CORS_ORIGINS);

        Rendered eks = render("eks");
        String override = configMapData(eks).get(CORS_ORIGINS);
        assertThat(override).as("the EKS overlay's own origins").isNotBlank()
                .isNotEqualTo(app.require("quarkus.http.cors.origins"));
        assertThat(override.split(",")).allSatisfy(origin -> assertThat(origin).matches("https://[\\w.-]+(:\\d+)?"));
        Container container = single(eks.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers());
        assertThat(container.getEnvFrom()).as("the pod reads the ConfigMap that carries the override")
                .anySatisfy(source -> assertThat(source.getConfigMapRef().getName())
                        .isEqualTo(eks.one(ConfigMap.class).getMetadata().getName()));
        assertThat(container.getEnv()).as("nothing in the pod spec shadows it")
                .noneSatisfy(variable -> assertThat(variable.getName()).isEqualTo(CORS_ORIGINS));
    }

    @Test
    void envNameMapping_rejectsANameNoKeyProduces() throws Exception {
        AppConfig app = AppConfig.load();

        assertThat(app.propertyForEnv("HELLO_HTTP_MAX_BODY_SIZE")).contains("hello.http.max-body-size");
        assertThat(app.propertyForEnv("QUARKUS_HTTP_CORS_ORIGIN")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void serviceAutoscalerAndDisruptionBudget_targetTheDeployment(String overlay) throws Exception {
        Rendered rendered = render(overlay);
        Deployment deployment = rendered.one(Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(deployment.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
        Service service = rendered.one(Service.class);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));

        HorizontalPodAutoscaler hpa = rendered.one(HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());

        PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isLessThan(hpa.getSpec().getMinReplicas());
    }

    @Test
    void eksOverlay_exposesTheServiceThroughAnAlbIngress() throws Exception {
        Rendered rendered = render("eks");
        Ingress ingress = rendered.one(Ingress.class);
        Service service = rendered.one(Service.class);

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("alb.ingress.kubernetes.io/target-type", "ip")
                .containsEntry("alb.ingress.kubernetes.io/healthcheck-port",
                        String.valueOf(AppConfig.load().managementPort()))
                .containsEntry("alb.ingress.kubernetes.io/healthcheck-path", "/q/health/ready");
        assertThat(service.getSpec().getPorts()).as("no Service port, so no Ingress path, leads to the management port")
                .allSatisfy(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
        assertThat(ingress.getSpec().getRules()).flatExtracting(rule -> rule.getHttp().getPaths())
                .allSatisfy(path -> {
                    assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
                    assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
                });
        assertThat(render("default").all(Ingress.class)).as("no ALB outside EKS").isEmpty();
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as("probe on %s", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as("the management interface").isEqualTo("management");
    }

    static Map<String, String> configMapData(Rendered rendered) {
        return new HashMap<>(rendered.one(ConfigMap.class).getData());
    }

    private static Container single(List<Container> containers) {
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }
}

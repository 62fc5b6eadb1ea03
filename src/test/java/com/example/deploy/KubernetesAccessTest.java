package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The EKS deploy job applies exactly what the CI role may apply: renders the overlay the workflow applies (with the
 * real kubectl) and checks every object's API group, resource and namespace against the Kubernetes rules of the
 * access policy docs/deploy.md associates (written down in deploy/eks/). What needs more comes from k8s/setup/.
 */
@Tag("container")
class KubernetesAccessTest {

    static final String RULES = "deploy/eks/AmazonEKSEditPolicy.json";
    static final Pattern APPLY = Pattern.compile("kubectl apply -k ([\\w./-]+)");
    static final Pattern ASSOCIATE = Pattern.compile(
            "aws eks associate-access-policy [^`]*?--policy-arn (\\S+)[^`]*?--access-scope type=namespace,namespaces=(\\S+)");

    /** kind to the resource name RBAC rules use (the kinds this project applies or sets up). */
    static final Map<String, String> RESOURCES = Map.of("ConfigMap", "configmaps", "Service", "services",
            "Deployment", "deployments", "HorizontalPodAutoscaler", "horizontalpodautoscalers",
            "PodDisruptionBudget", "poddisruptionbudgets", "Ingress", "ingresses", "Namespace", "namespaces",
            "PodMonitor", "podmonitors");

    /** What {@code kubectl apply} does with each object: read it, then create or patch it. */
    static final List<String> APPLY_VERBS = List.of("get", "create", "patch");

    /** The overlay the deploy-eks job applies, read from the workflow. */
    static String appliedOverlay() throws Exception {
        StringBuilder runs = new StringBuilder();
        DeployFiles.readYaml(WorkflowTest.WORKFLOW).path("jobs").path("deploy-eks").path("steps")
                .forEach(step -> runs.append(step.path("run").asText()).append('\n'));
        Matcher apply = APPLY.matcher(runs);
        assertThat(apply.find()).as("kubectl apply -k in deploy-eks").isTrue();
        return apply.group(1);
    }

    @Test
    void ciOverlay_holdsOnlyWhatTheAccessPolicyGrantsInItsNamespace() throws Exception {
        Matcher associate = ASSOCIATE.matcher(Files.readString(DeployFiles.path("docs/deploy.md")));
        assertThat(associate.find()).as("docs/deploy.md associates an access policy scoped to a namespace").isTrue();
        JsonNode policy = DeployFiles.readJson(RULES);
        assertThat(associate.group(1)).isEqualTo(policy.path("policyArn").asText());

        List<JsonNode> objects = render(appliedOverlay());

        assertThat(objects).isNotEmpty();
        assertThat(refusals(objects, policy, associate.group(2))).isEmpty();
    }

    /** The namespace and the Prometheus Operator's PodMonitor: the check refuses both, hence the one-time setup. */
    @Test
    void setupOverlays_holdWhatTheCiRoleMayNotApply() throws Exception {
        JsonNode policy = DeployFiles.readJson(RULES);

        assertThat(refusals(render("k8s/setup/eks"), policy, "hello-anywhere"))
                .anyMatch(line -> line.contains("Namespace hello-anywhere is cluster-scoped"))
                .anyMatch(line -> line.contains("no rule allows create on /namespaces"));
        assertThat(refusals(render("k8s/setup/eks-prometheus"), policy, "hello-anywhere"))
                .singleElement().asString().contains("monitoring.coreos.com/podmonitors");
        assertThat(render(appliedOverlay())).extracting(object -> object.path("kind").asText())
                .doesNotContain("Namespace", "PodMonitor", "ServiceMonitor");
    }

    @Test
    void check_refusesAnObjectInAnotherNamespace() throws Exception {
        List<JsonNode> objects = render(appliedOverlay());

        assertThat(refusals(objects, DeployFiles.readJson(RULES), "other")).hasSameSizeAs(objects);
    }

    @Test
    void setupNamespace_injectsTheLoadBalancerReadinessGate() throws Exception {
        JsonNode namespace = render("k8s/setup/eks").get(0);
        String deployed = render(appliedOverlay()).get(0).path("metadata").path("namespace").asText();

        assertThat(namespace.path("metadata").path("name").asText()).isEqualTo(deployed);
        assertThat(namespace.path("metadata").path("labels").path("elbv2.k8s.aws/pod-readiness-gate-inject")
                .asText()).isEqualTo("enabled");
    }

    @Test
    void podMonitor_scrapesTheManagementPortOfTheDeployedPods() throws Exception {
        JsonNode monitor = render("k8s/setup/eks-prometheus").get(0);
        JsonNode deployment = render(appliedOverlay()).stream()
                .filter(object -> object.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        JsonNode endpoint = monitor.at("/spec/podMetricsEndpoints/0");

        assertThat(monitor.path("metadata").path("namespace").asText())
                .isEqualTo(deployment.path("metadata").path("namespace").asText());
        monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(
                label -> assertThat(podLabels.path(label.getKey()).asText()).isEqualTo(label.getValue().asText()));
        assertThat(deployment.at("/spec/template/spec/containers/0/ports").findValuesAsText("name"))
                .contains(endpoint.path("port").asText());
        assertThat(endpoint.path("port").asText()).isEqualTo("management");
        assertThat(endpoint.path("path").asText()).isEqualTo(MetricsScrapeTest.METRICS_PATH);
    }

    static List<JsonNode> render(String kustomization) throws Exception {
        return DeployFiles.readYamlDocuments(DeployFiles.runOk(List.of(DeployFiles.kubectl().toString(), "kustomize",
                kustomization)));
    }

    /** One line for each object the rules do not let {@code kubectl apply} create and patch in the namespace. */
    static List<String> refusals(List<JsonNode> objects, JsonNode policy, String namespace) {
        List<String> refusals = new ArrayList<>();
        for (JsonNode object : objects) {
            String apiVersion = object.path("apiVersion").asText();
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            String kind = object.path("kind").asText();
            String name = kind + " " + object.path("metadata").path("name").asText();
            String resource = RESOURCES.get(kind);
            assertThat(resource).as("the RBAC resource of %s", kind).isNotNull();
            String objectNamespace = object.path("metadata").path("namespace").asText();
            if (objectNamespace.isEmpty()) {
                refusals.add(name + " is cluster-scoped; the access entry is scoped to namespace " + namespace);
            } else if (!objectNamespace.equals(namespace)) {
                refusals.add(name + " is in namespace " + objectNamespace + ", not " + namespace);
            }
            for (String verb : APPLY_VERBS) {
                if (!allows(policy, group, resource, verb)) {
                    refusals.add(name + ": no rule allows " + verb + " on " + group + "/" + resource);
                    break;
                }
            }
        }
        return refusals;
    }

    private static boolean allows(JsonNode policy, String group, String resource, String verb) {
        for (JsonNode rule : policy.path("rules")) {
            if (contains(rule.path("apiGroups"), group) && contains(rule.path("resources"), resource)
                    && contains(rule.path("verbs"), verb)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}

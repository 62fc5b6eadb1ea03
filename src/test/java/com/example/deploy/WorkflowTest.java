package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Lints .github/workflows/deploy.yml with action-validator and checks what it must do and must not hold. */
@Tag("container")
class WorkflowTest {

    static final String WORKFLOW = ".github/workflows/deploy.yml";
    static final Pattern USES = Pattern.compile("(?m)^\\s*-?\\s*uses:\\s*(.+)$");
    /** owner/repo@<full commit SHA> # vX.Y.Z: a tag can be moved to other code, a commit cannot. */
    static final Pattern PINNED = Pattern.compile("[\\w.-]+/[\\w.-]+@[0-9a-f]{40} # v\\d+\\.\\d+\\.\\d+");
    static final List<String> IMAGE_TARGETS = List.of("container", "lambda");
    static final String IMAGE_ROLE = "${{ vars.AWS_IMAGE_ROLE_ARN }}";
    static final String DEPLOY_ROLE = "${{ vars.AWS_DEPLOY_ROLE_ARN }}";
    static final List<String> DEPLOY_JOBS = List.of("deploy-lambda", "deploy-eks", "deploy-ecs");

    @Test
    void workflow_passesTheLinter() throws Exception {
        DeployFiles.runOk(List.of(DeployFiles.actionValidator().toString(), WORKFLOW));
    }

    @Test
    void linter_rejectsAMisspelledKey(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("deploy.yml");
        Files.writeString(broken, Files.readString(DeployFiles.path(WORKFLOW))
                .replaceFirst("runs-on:", "runs_on:"));

        var run = DeployFiles.run(List.of(DeployFiles.actionValidator().toString(), broken.toString()), Map.of());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("runs_on");
    }

    @Test
    void actions_arePinnedByCommitShaWithTheirVersion() throws Exception {
        List<String> uses = uses(Files.readString(DeployFiles.path(WORKFLOW)));

        assertThat(uses).isNotEmpty().allSatisfy(action -> assertThat(action).matches(PINNED));
        assertThat(uses("      - uses: actions/checkout@v4.2.2\n      - uses: actions/checkout@main # v4.2.2\n"))
                .as("the pattern rejects tags and branches").noneMatch(action -> PINNED.matcher(action).matches());
    }

    @Test
    void jobs_haveTimeoutsAndACurrentNode() throws Exception {
        JsonNode jobs = DeployFiles.readYaml(WORKFLOW).path("jobs");

        jobs.fields().forEachRemaining(job -> {
            assertThat(job.getValue().path("timeout-minutes").asInt()).as("timeout-minutes of %s", job.getKey())
                    .isBetween(5, 60);
            for (JsonNode step : job.getValue().path("steps")) {
                if (step.path("uses").asText().startsWith("actions/setup-node@")) {
                    assertThat(step.path("with").path("node-version").asInt()).as("Node in %s", job.getKey())
                            .isGreaterThanOrEqualTo(22);
                }
            }
        });
    }

    /**
     * AWS only through OIDC, and two roles: the job that pushes images never gets the deploy role, the deploy jobs
     * never get the image role, and the jobs that run the project's tests get no AWS access at all.
     */
    @Test
    void awsAccess_isOidcWithOneLeastPrivilegeRoleForImagesAndOneForDeploying() throws Exception {
        String text = Files.readString(DeployFiles.path(WORKFLOW));
        JsonNode workflow = DeployFiles.readYaml(WORKFLOW);
        JsonNode jobs = workflow.path("jobs");

        assertThat(text).doesNotContain("aws-access-key-id", "aws-secret-access-key", "AWS_SECRET_ACCESS_KEY",
                "vars.AWS_ROLE_ARN");
        assertThat(workflow.path("permissions").path("id-token").isMissingNode()).isTrue();
        assertThat(jobs.path("test").path("permissions").path("id-token").isMissingNode()).isTrue();
        assertThat(jobs.path("test").path("steps").toString()).doesNotContain("configure-aws-credentials");

        assertThat(roles(jobs.path("push-images"))).containsExactly(IMAGE_ROLE);
        for (String deploy : DEPLOY_JOBS) {
            assertThat(roles(jobs.path(deploy))).as(deploy).containsExactly(DEPLOY_ROLE);
            assertThat(jobs.path(deploy).path("environment").asText()).as(deploy).isEqualTo("production");
        }
        jobs.fields().forEachRemaining(job -> {
            boolean assumesRole = !roles(job.getValue()).isEmpty();
            assertThat(job.getValue().path("permissions").path("id-token").asText()).as(job.getKey())
                    .isEqualTo(assumesRole ? "write" : "");
        });
    }

    /**
     * Each image is built once, by the test job that runs its image tests; the push job builds nothing, loads that
     * image, checks its id against the tested one, pushes it and checks the pushed digest is the same image.
     */
    @Test
    void images_theDigestPushedIsTheImageTested() throws Exception {
        JsonNode jobs = DeployFiles.readYaml(WORKFLOW).path("jobs");
        JsonNode test = jobs.path("test");
        String testSteps = test.path("steps").toString();
        String pushSteps = jobs.path("push-images").path("steps").toString();

        assertThat(texts(test.path("strategy").path("matrix").path("target"))).isEqualTo(IMAGE_TARGETS);
        assertThat(testSteps).contains("./test-all \\\"$TARGET\\\"", "TARGET\":\"${{ matrix.target }}",
                "docker image inspect --format '{{.Id}}' \\\"hello-anywhere:$TARGET\\\"",
                "docker save \\\"hello-anywhere:$TARGET\\\"", "\"name\":\"image-${{ matrix.target }}\"");

        assertThat(jobs.path("push-images").path("needs").asText()).isEqualTo("test");
        assertThat(pushSteps).doesNotContain("mvnw", "test-all").doesNotContainPattern("docker (buildx )?build ")
                .contains("\"pattern\":\"image-*\"", "docker load", "image-id", "docker push",
                        "docker pull --quiet \\\"$REGISTRY/$2@$digest\\\"",
                        "push_tested container hello-anywhere", "push_tested lambda hello-anywhere-lambda");
        assertThat(pushSteps.indexOf("image-id")).isLessThan(pushSteps.indexOf("docker push"));
    }

    @Test
    void jobs_recordTheLambdaImageAndDeployEveryTarget() throws Exception {
        JsonNode jobs = DeployFiles.readYaml(WORKFLOW).path("jobs");
        String pushSteps = jobs.path("push-images").path("steps").toString();
        String serverless = Files.readString(DeployFiles.path("serverless.yml"));

        assertThat(pushSteps).contains("aws ssm put-parameter --overwrite", "/hello-anywhere/account-id",
                "/hello-anywhere/$STAGE/image/lambda", "hello-anywhere-lambda@$lambda_digest");
        assertThat(serverless).contains("${ssm:/hello-anywhere/account-id}", "/hello-anywhere/${sls:stage}/image/");

        assertThat(jobs.path("deploy-lambda").path("steps").toString()).contains("deploy/install-tools.sh")
                .contains("npx --prefix deploy osls deploy");
        assertThat(jobs.path("deploy-eks").path("steps").toString()).contains("kubectl apply -k k8s/overlays/eks")
                .contains("needs.push-images.outputs.container-image");
        assertThat(jobs.path("deploy-ecs").path("steps").toString()).contains("aws ecs register-task-definition")
                .contains("ecs/task-definition.json").contains("needs.push-images.outputs.container-image");
        for (String deploy : DEPLOY_JOBS) {
            assertThat(jobs.path(deploy).path("needs").asText()).isEqualTo("push-images");
        }
    }

    /** Only main deploys: the jobs that get AWS credentials run for refs/heads/main alone, never on pull requests. */
    @Test
    void awsJobs_runOnlyForMain() throws Exception {
        JsonNode jobs = DeployFiles.readYaml(WORKFLOW).path("jobs");

        jobs.fields().forEachRemaining(job -> {
            if (!roles(job.getValue()).isEmpty()) {
                assertThat(job.getValue().path("if").asText()).as("if of %s", job.getKey())
                        .contains("github.ref == 'refs/heads/main'").doesNotContain("||");
            }
        });
        assertThat(jobs.path("push-images").path("if").asText()).contains("github.event_name != 'pull_request'");
    }

    /**
     * Every image is scanned before anything is pushed, by a maintained scanner pinned like the other actions, and a
     * fixable HIGH or CRITICAL finding fails the job.
     */
    @Test
    void images_areScannedBeforeThePushAndAFixableSevereFindingStopsIt() throws Exception {
        JsonNode steps = DeployFiles.readYaml(WORKFLOW).path("jobs").path("push-images").path("steps");
        List<String> scanned = new ArrayList<>();
        int firstScan = -1;
        int push = -1;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            if (step.path("uses").asText().startsWith("aquasecurity/trivy-action@")) {
                JsonNode with = step.path("with");
                assertThat(with.path("scan-type").asText()).isEqualTo("image");
                assertThat(with.path("severity").asText()).isEqualTo("HIGH,CRITICAL");
                assertThat(with.path("ignore-unfixed").asBoolean()).as("fixable findings only").isTrue();
                assertThat(with.path("exit-code").asText()).isEqualTo("1");
                scanned.add(with.path("image-ref").asText());
                firstScan = firstScan < 0 ? i : firstScan;
            }
            if (step.path("run").asText().contains("docker push")) {
                push = i;
            }
        }
        assertThat(scanned).containsExactlyInAnyOrder(
                IMAGE_TARGETS.stream().map(target -> "hello-anywhere:" + target).toArray(String[]::new));
        assertThat(firstScan).as("scans come before the push").isBetween(0, push);
        assertThat(steps.toString()).as("Lambda refuses an image index; the pushed manifest is checked")
                .contains("imagetools inspect --raw", "application/vnd.oci.image.manifest.v1+json");
    }

    /** The ALB flavour deploys from CI with its two repository variables, and stops with a clear message without. */
    @Test
    void lambdaDeploy_passesTheAlbVariablesOrRefusesWithoutThem() throws Exception {
        JsonNode step = DeployFiles.readYaml(WORKFLOW).path("jobs").path("deploy-lambda").path("steps").findParents("run")
                .stream().filter(candidate -> candidate.path("run").asText().contains("osls deploy")).findFirst()
                .orElseThrow();
        String run = step.path("run").asText();

        assertThat(step.path("env").path("ALB_LISTENER_ARN").asText()).isEqualTo("${{ vars.ALB_LISTENER_ARN }}");
        assertThat(step.path("env").path("ALB_PRIORITY").asText()).isEqualTo("${{ vars.ALB_PRIORITY }}");
        assertThat(run).contains("--param=\"albListenerArn=$ALB_LISTENER_ARN\"",
                "--param=\"albPriority=$ALB_PRIORITY\"", "LAMBDA_API=alb needs the repository variables",
                "--region \"$AWS_REGION\"");
        for (String flavour : List.of("httpApi", "restApi", "alb")) {
            assertThat(run).contains(flavour);
        }
    }

    @Test
    void dependabot_watchesMavenTheBaseImagesAndTheActions() throws Exception {
        assertThat(Dependabot.problems(DeployFiles.readYaml(Dependabot.FILE))).isEmpty();
        JsonNode updates = DeployFiles.readYaml(Dependabot.FILE).path("updates");
        List<String> watched = new ArrayList<>();
        updates.forEach(update -> watched.add(update.path("package-ecosystem").asText() + " "
                + update.path("directory").asText()));

        assertThat(watched).contains("maven /", "docker /docker", "github-actions /");
    }

    @Test
    void dependabotCheck_rejectsAMisspelledKeyAndAnUnknownEcosystem() throws Exception {
        String text = Files.readString(DeployFiles.path(Dependabot.FILE));

        assertThat(Dependabot.problems(DeployFiles.YAML.readTree(text.replaceFirst("schedule:", "schedulle:"))))
                .anyMatch(problem -> problem.contains("schedulle"));
        assertThat(Dependabot.problems(DeployFiles.YAML.readTree(text.replaceFirst("ecosystem: docker",
                "ecosystem: dockerfile")))).anyMatch(problem -> problem.contains("dockerfile"));
    }

    /**
     * The zip package ships the function.zip that the Lambda test job built and ran (LambdaZipIT): that job keeps it,
     * and deploy-lambda deploys it when LAMBDA_PACKAGE is zip, the image otherwise.
     */
    @Test
    void zipPackage_deploysTheFunctionZipTheLambdaTestJobRan() throws Exception {
        JsonNode jobs = DeployFiles.readYaml(WORKFLOW).path("jobs");
        String testSteps = jobs.path("test").path("steps").toString();
        String deploySteps = jobs.path("deploy-lambda").path("steps").toString();

        assertThat(testSteps).contains("\"name\":\"function-zip\"", "\"path\":\"target/function.zip\"",
                "matrix.target == 'lambda'");
        assertThat(deploySteps).contains("\"if\":\"vars.LAMBDA_PACKAGE == 'zip'\"", "\"name\":\"function-zip\"",
                "\"path\":\"target\"", "LAMBDA_PACKAGE\":\"${{ vars.LAMBDA_PACKAGE || 'image' }}",
                "--param=\\\"package=$LAMBDA_PACKAGE\\\"");
        assertThat(deploySteps.indexOf("function-zip")).isLessThan(deploySteps.indexOf("osls deploy"));
        assertThat(Files.readString(DeployFiles.path("serverless.yml"))).contains("artifact: target/function.zip");
    }

    private static List<String> uses(String workflow) {
        List<String> actions = new ArrayList<>();
        Matcher uses = USES.matcher(workflow);
        while (uses.find()) {
            actions.add(uses.group(1).trim());
        }
        return actions;
    }

    private static List<String> roles(JsonNode job) {
        List<String> roles = new ArrayList<>();
        for (JsonNode step : job.path("steps")) {
            if (step.path("uses").asText().startsWith("aws-actions/configure-aws-credentials@")) {
                roles.add(step.path("with").path("role-to-assume").asText());
            }
        }
        return roles;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}

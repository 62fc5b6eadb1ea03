package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Lints .github/workflows/deploy.yml with action-validator and checks what it must do and must not hold. */
class WorkflowTest {

    static final String WORKFLOW = ".github/workflows/deploy.yml";
    static final Pattern USES = Pattern.compile("(?m)^\\s*-?\\s*uses:\\s*(\\S+)");

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
    void actions_arePinnedAndAwsAccessIsOidcOnly() throws Exception {
        String text = Files.readString(DeployFiles.path(WORKFLOW));
        JsonNode workflow = DeployFiles.readYaml(WORKFLOW);

        Matcher uses = USES.matcher(text);
        int count = 0;
        while (uses.find()) {
            count++;
            assertThat(uses.group(1)).as("pinned action").matches("[\\w.-]+/[\\w.-]+@(v\\d+\\.\\d+\\.\\d+|[0-9a-f]{40})");
        }
        assertThat(count).isPositive();
        assertThat(text).doesNotContain("aws-access-key-id", "aws-secret-access-key", "AWS_SECRET_ACCESS_KEY");
        assertThat(workflow.path("permissions").path("id-token").isMissingNode()).isTrue();

        workflow.path("jobs").fields().forEachRemaining(job -> {
            boolean usesAws = job.getValue().path("steps").toString().contains("aws-actions/configure-aws-credentials");
            if (usesAws) {
                assertThat(job.getValue().path("permissions").path("id-token").asText()).as(job.getKey())
                        .isEqualTo("write");
                assertThat(job.getValue().path("steps").toString()).contains("role-to-assume");
            }
        });
    }

    @Test
    void jobs_testBuildRecordAndDeployEveryTarget() throws Exception {
        JsonNode jobs = DeployFiles.readYaml(WORKFLOW).path("jobs");
        String serverless = Files.readString(DeployFiles.path("serverless.yml"));

        assertThat(jobs.path("test").path("steps").toString()).contains("./test-all");
        String images = jobs.path("images").path("steps").toString();
        assertThat(images).contains("-Plambda\\\"", "-Plambda-rest", "docker/Dockerfile.container",
                "docker/Dockerfile.lambda", "docker push");
        assertThat(images).contains("aws ssm put-parameter --overwrite");
        for (String parameter : List.of("/hello-anywhere/account-id", "/hello-anywhere/$STAGE/image/lambda",
                "/hello-anywhere/$STAGE/image/lambda-rest")) {
            assertThat(images).contains(parameter);
        }
        assertThat(serverless).contains("${ssm:/hello-anywhere/account-id}", "/hello-anywhere/${sls:stage}/image/",
                "image: lambda\n", "image: lambda-rest\n");

        assertThat(jobs.path("deploy-lambda").path("steps").toString()).contains("deploy/install-tools.sh")
                .contains("npx --prefix deploy osls deploy");
        assertThat(jobs.path("deploy-eks").path("steps").toString()).contains("kubectl apply -k k8s/overlays/eks");
        assertThat(jobs.path("deploy-ecs").path("steps").toString()).contains("aws ecs register-task-definition")
                .contains("ecs/task-definition.json");
        for (String deploy : List.of("deploy-lambda", "deploy-eks", "deploy-ecs")) {
            assertThat(jobs.path(deploy).path("needs").asText()).isEqualTo("images");
        }
        assertThat(jobs.path("images").path("needs").asText()).isEqualTo("test");
    }
}

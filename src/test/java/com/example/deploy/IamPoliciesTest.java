package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads every IAM policy and trust policy under deploy/iam/ (the files docs/deploy.md applies) and fails on any
 * statement that lets a role change roles, pass a role other than the two it must, or write to Lambda or IAM on every
 * resource; and on trust policies that admit more than this repository's main branch or production environment.
 */
@Tag("container")
class IamPoliciesTest {

    static final String DIRECTORY = "deploy/iam";
    static final String OIDC_PROVIDER = "arn:aws:iam::ACCOUNT_ID:oidc-provider/token.actions.githubusercontent.com";
    static final String GITHUB = "token.actions.githubusercontent.com:";

    /** The only roles a policy may name in IAM actions, each with the one service it may be passed to. */
    static final Map<String, String> PASSABLE_ROLES = Map.of(
            "arn:aws:iam::ACCOUNT_ID:role/hello-anywhere-function", "lambda.amazonaws.com",
            "arn:aws:iam::ACCOUNT_ID:role/hello-anywhere-ecs-execution", "ecs-tasks.amazonaws.com");

    /** The functions this service deploys (osls names them service-stage-function). */
    static final String FUNCTIONS = "arn:aws:lambda:REGION:ACCOUNT_ID:function:hello-anywhere-";

    /**
     * Actions that support no resource-level permissions (Service Authorization Reference), so Resource "*" is the
     * only way to grant them. None writes to IAM or Lambda.
     */
    static final Set<String> ANY_RESOURCE_ACTIONS = Set.of("ecr:GetAuthorizationToken",
            "cloudformation:ValidateTemplate", "ecs:RegisterTaskDefinition",
            "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes",
            "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeTags");

    /** The trust policies and the one subject claim each admits. */
    static final Map<String, String> GITHUB_SUBJECTS = Map.of(
            "github-images-trust.json", "repo:OWNER/REPO:ref:refs/heads/main",
            "github-deploy-trust.json", "repo:OWNER/REPO:environment:production");

    static Stream<String> permissionPolicies() throws IOException {
        return files().filter(name -> !name.endsWith("-trust.json"));
    }

    static Stream<String> files() throws IOException {
        try (Stream<Path> listing = Files.list(DeployFiles.path(DIRECTORY))) {
            return listing.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted()
                    .toList().stream();
        }
    }

    @Test
    void directory_holdsThePoliciesForEveryRole() throws Exception {
        assertThat(files()).containsExactlyInAnyOrder("github-images-trust.json", "github-images-policy.json",
                "github-deploy-trust.json", "github-deploy-policy.json", "function-trust.json",
                "function-policy.json", "ecs-execution-trust.json");
    }

    @ParameterizedTest
    @MethodSource("permissionPolicies")
    void policy_cannotEscalate(String file) throws Exception {
        assertThat(violations(DeployFiles.readJson(DIRECTORY + "/" + file))).as(file).isEmpty();
    }

    /** The policy docs/deploy.md granted before: each of its routes to administrator is found. */
    @Test
    void check_findsTheEscalationsOfTheFormerDeployPolicy() throws Exception {
        JsonNode former = DeployFiles.JSON.readTree("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["cloudformation:*", "lambda:*"], "Resource": "*"},
                  {"Effect": "Allow", "Action": ["iam:CreateRole", "iam:PutRolePolicy", "iam:PassRole"],
                   "Resource": "arn:aws:iam::ACCOUNT_ID:role/hello-anywhere-*"},
                  {"Effect": "Allow", "Action": "lambda:UpdateFunctionCode", "Resource": "*"},
                  {"Effect": "Allow", "Action": "iam:PassRole",
                   "Resource": "arn:aws:iam::ACCOUNT_ID:role/hello-anywhere-function"},
                  {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}""");

        assertThat(violations(former)).anyMatch(v -> v.contains("lambda:*"))
                .anyMatch(v -> v.contains("iam:PutRolePolicy")).anyMatch(v -> v.contains("iam:CreateRole"))
                .anyMatch(v -> v.contains("lambda:UpdateFunctionCode") && v.contains("\"*\""))
                .anyMatch(v -> v.contains("role/hello-anywhere-*"))
                .anyMatch(v -> v.contains("without iam:PassedToService"))
                .anyMatch(v -> v.contains("NotAction"));
    }

    @Test
    void githubTrust_admitsOnlyThisRepositorysMainBranchAndProductionEnvironment() throws Exception {
        for (var entry : GITHUB_SUBJECTS.entrySet()) {
            JsonNode statement = single(DeployFiles.readJson(DIRECTORY + "/" + entry.getKey()));

            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.path("Principal").path("Federated").asText()).isEqualTo(OIDC_PROVIDER);
            assertThat(statement.path("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
            assertThat(fieldNames(statement.path("Condition"))).as("exact matches only: no StringLike, no wildcards")
                    .containsExactly("StringEquals");
            JsonNode equals = statement.path("Condition").path("StringEquals");
            assertThat(fieldNames(equals)).containsExactlyInAnyOrder(GITHUB + "aud", GITHUB + "sub");
            assertThat(equals.path(GITHUB + "aud").asText()).isEqualTo("sts.amazonaws.com");
            assertThat(equals.path(GITHUB + "sub").isTextual()).as("one subject, not a list").isTrue();
            assertThat(equals.path(GITHUB + "sub").asText()).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    @Test
    void serviceTrust_isTheServiceInThisAccountOnly() throws Exception {
        for (var entry : Map.of("function-trust.json", "lambda.amazonaws.com", "ecs-execution-trust.json",
                "ecs-tasks.amazonaws.com").entrySet()) {
            JsonNode statement = single(DeployFiles.readJson(DIRECTORY + "/" + entry.getKey()));

            assertThat(statement.path("Principal").path("Service").asText()).isEqualTo(entry.getValue());
            assertThat(statement.path("Action").asText()).isEqualTo("sts:AssumeRole");
            assertThat(statement.at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo("ACCOUNT_ID");
        }
    }

    /** What the function's code runs with, should anything take it over: its own logs, nothing else. */
    @Test
    void functionRole_writesItsLogsOnly() throws Exception {
        JsonNode statement = single(DeployFiles.readJson(DIRECTORY + "/function-policy.json"));

        assertThat(texts(statement.path("Action"))).containsExactlyInAnyOrder("logs:CreateLogStream",
                "logs:PutLogEvents");
        assertThat(texts(statement.path("Resource")))
                .containsExactly("arn:aws:logs:REGION:ACCOUNT_ID:log-group:/aws/lambda/hello-anywhere-*:*");
    }

    /** Every file is applied by a command in the guide, through fill.sh, and no command applies a file elsewhere. */
    @Test
    void guide_appliesEveryFile() throws Exception {
        String guide = Files.readString(DeployFiles.path("docs/deploy.md"));

        files().forEach(file -> assertThat(guide).as(file).contains("deploy/iam/fill.sh " + file));
        assertThat(guide).doesNotContain("file://trust-", "file://image-policy", "file://deploy-policy");
    }

    /** Every way a statement could let a role change roles or write to Lambda or IAM beyond its own. */
    static List<String> violations(JsonNode policy) {
        List<String> violations = new ArrayList<>();
        assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        for (JsonNode statement : policy.path("Statement")) {
            String sid = statement.path("Sid").asText("(no Sid)");
            for (String negation : List.of("NotAction", "NotResource", "NotPrincipal")) {
                if (statement.has(negation)) {
                    violations.add(sid + ": " + negation + " grants everything it does not name");
                }
            }
            if (!statement.path("Effect").asText().equals("Allow")) {
                continue;
            }
            List<String> resources = texts(statement.path("Resource"));
            for (String action : texts(statement.path("Action"))) {
                violations.addAll(check(sid, action, resources, statement.path("Condition")));
            }
            resources.stream().filter(resource -> resource.contains(":role/hello-anywhere-github-"))
                    .forEach(resource -> violations.add(sid + ": names a GitHub role, " + resource));
        }
        return violations;
    }

    private static List<String> check(String sid, String action, List<String> resources, JsonNode condition) {
        List<String> violations = new ArrayList<>();
        String service = action.contains(":") ? action.substring(0, action.indexOf(':')) : action;
        String name = action.substring(action.indexOf(':') + 1);
        boolean read = name.startsWith("Get") || name.startsWith("List");
        if (action.contains("*") && (action.equals("*") || Set.of("iam", "lambda", "sts").contains(service))) {
            violations.add(sid + ": wildcard action " + action);
        }
        if (service.equals("iam")) {
            if (!action.equals("iam:PassRole")) {
                violations.add(sid + ": " + action + " changes or reads roles; only iam:PassRole is needed");
            } else {
                for (String resource : resources) {
                    String passedTo = PASSABLE_ROLES.get(resource);
                    if (passedTo == null) {
                        violations.add(sid + ": iam:PassRole on " + resource + ", not one of " + PASSABLE_ROLES.keySet());
                    } else if (!condition.at("/StringEquals/iam:PassedToService").asText().equals(passedTo)) {
                        violations.add(sid + ": iam:PassRole on " + resource + " without iam:PassedToService "
                                + passedTo);
                    }
                }
            }
        }
        if (service.equals("lambda") && !read) {
            resources.stream().filter(resource -> !resource.startsWith(FUNCTIONS))
                    .forEach(resource -> violations.add(sid + ": " + action + " on \"" + resource
                            + "\", not only this service's functions"));
        }
        if (resources.contains("*") && !ANY_RESOURCE_ACTIONS.contains(action)) {
            violations.add(sid + ": " + action + " on \"*\", though it can be scoped to resources");
        }
        return violations;
    }

    private static JsonNode single(JsonNode policy) {
        assertThat(policy.path("Statement")).hasSize(1);
        return policy.path("Statement").get(0);
    }

    private static List<String> texts(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> texts = new ArrayList<>();
        node.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

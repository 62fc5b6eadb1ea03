package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/deploy.md as a path: numbered steps through to a URL and a clean-up, every AWS command with its region, and
 * every image build one that Lambda accepts.
 */
@Tag("container")
class DeployGuideTest {

    static final String GUIDE = "docs/deploy.md";
    static final Pattern FENCE = Pattern.compile("(?s)```bash\\n(.*?)```");
    static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");
    /** Where a command starts inside a line: its beginning, or after a pipe, $( or a semicolon. */
    static final Pattern AWS = Pattern.compile("(?:^|\\$\\(|\\|\\s*|;\\s*)(aws \\w[\\w-]* [\\w-]+[^|;)]*)");
    static final Pattern OSLS = Pattern.compile("npx --prefix deploy osls (?!--)\\S+[^|;)]*");
    static final Pattern BUILD = Pattern.compile("docker (?:buildx )?build [^\\n]*");

    @Test
    void guide_isNumberedStepsThroughToCallingEachTargetAndCleaningUp() throws Exception {
        String guide = Files.readString(DeployFiles.path(GUIDE));
        List<String> headings = guide.lines().filter(line -> line.startsWith("## ")).toList();

        for (int step = 1; step <= 8; step++) {
            String prefix = "## " + step + ". ";
            assertThat(headings).as("step %d", step).anyMatch(heading -> heading.startsWith(prefix));
        }
        assertThat(headings).contains("## Clean-up");
        assertThat(guide).contains("curl \"$URL/hello?name=Ada\"", "### 6a. Lambda", "### 6b. EKS",
                "### 6c. ECS on Fargate");
    }

    @Test
    void everyAwsAndOslsCommand_namesItsRegion() throws Exception {
        List<String> commands = commands(Files.readString(DeployFiles.path(GUIDE)));

        assertThat(commands).hasSizeGreaterThan(40)
                .allSatisfy(command -> assertThat(command).as(command).contains("--region"));
    }

    @Test
    void commandCheck_findsACommandWithoutItsRegion() {
        assertThat(commands("""
                ```bash
                aws ssm put-parameter --overwrite --name /x --value y   # a comment with --region
                x=$(aws sts get-caller-identity --query Account --output text)
                ```
                Then `aws logs tail /ecs/hello-anywhere`.
                """)).hasSize(3).noneMatch(command -> command.contains("--region"));
    }

    /** Lambda refuses an image index and a foreign architecture: every documented build makes neither. */
    @Test
    void everyDocumentedImageBuild_isSinglePlatformX86WithoutAttestations() throws Exception {
        List<String> builds = new ArrayList<>();
        for (String file : List.of(GUIDE, "docs/images.md", "README.md", "docker/Dockerfile.lambda")) {
            Matcher build = BUILD.matcher(joinContinuations(Files.readString(DeployFiles.path(file))));
            while (build.find()) {
                builds.add(build.group());
            }
        }

        assertThat(builds).hasSizeGreaterThanOrEqualTo(3).allSatisfy(build -> assertThat(build)
                .contains("--platform linux/amd64", "--provenance=false", "--sbom=false"));
    }

    /** AWS and osls commands of the fenced bash blocks (comments removed) and of inline code spans. */
    static List<String> commands(String markdown) {
        List<String> commands = new ArrayList<>();
        Matcher fence = FENCE.matcher(markdown);
        while (fence.find()) {
            for (String line : joinContinuations(fence.group(1)).split("\n")) {
                collect(line.replaceFirst("(^|\\s)#.*$", ""), commands);
            }
        }
        Matcher inline = INLINE.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (inline.find()) {
            collect(inline.group(1), commands);
        }
        return commands;
    }

    private static void collect(String text, List<String> commands) {
        Matcher aws = AWS.matcher(text);
        while (aws.find()) {
            commands.add(aws.group(1));
        }
        Matcher osls = OSLS.matcher(text);
        while (osls.find()) {
            commands.add(osls.group());
        }
    }

    private static String joinContinuations(String text) {
        return text.replaceAll("\\\\\\n\\s*", " ");
    }
}

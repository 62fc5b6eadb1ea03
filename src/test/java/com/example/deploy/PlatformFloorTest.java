package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.example.support.Command;

/**
 * The build refuses an HTTP stack below its floor (pom.xml, maven-enforcer-plugin): the same project with Netty pinned
 * back to the version Quarkus 3.34.1 shipped, which lacks the 2026 codec fixes, must fail to build.
 */
@Tag("container")
class PlatformFloorTest {

    private static final String VULNERABLE_NETTY = "4.1.130.Final";

    @Test
    void shouldRefuseToBuildOnANettyBelowTheFloor() throws IOException, InterruptedException {
        Command.Result build = Command.run(Duration.ofMinutes(5),
                List.of("./mvnw", "-B", "-q", "validate", "-Dnetty.version=" + VULNERABLE_NETTY));

        assertThat(build.ok()).as(build.output()).isFalse();
        assertThat(build.output()).contains("BannedDependencies")
                .contains("io.netty:netty-codec-http:jar:" + VULNERABLE_NETTY);
    }
}

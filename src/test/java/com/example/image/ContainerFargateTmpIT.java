package com.example.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.example.support.Command.Result;

/**
 * The container image as ECS on Fargate runs it (ecs/task-definition.json): read-only root filesystem, user 185, and
 * at /tmp a task volume without a host. Fargate creates that volume as an empty directory owned by root with mode 0755;
 * when the image declares the path a VOLUME, it first copies the image's contents and mode there. Fargate cannot run
 * here, so the test makes that directory itself, in a Docker volume mounted without Docker's own copy-up, and applies
 * Fargate's copy when, and only when, the image declares {@code VOLUME /tmp}.
 */
@Tag("container")
class ContainerFargateTmpIT {

    static final String MOUNT_POINT = "/fargate-volume";

    private String volume;
    private String container;

    @BeforeEach
    void createFargateVolume() {
        Docker.requireEngine();
        Result created = Docker.docker("volume", "create");
        assertThat(created.ok()).as(created.output()).isTrue();
        volume = created.output().strip();
        // What Fargate starts from: an empty directory, root-owned, 0755.
        asRoot("chown 0:0 " + MOUNT_POINT + " && chmod 0755 " + MOUNT_POINT);
    }

    @AfterEach
    void remove() {
        Docker.remove(container);
        Docker.docker("volume", "rm", "-f", volume);
    }

    @Test
    void image_declaresTmpAVolumeAndServesFromFargatesCopyOfIt() throws Exception {
        String image = Docker.image("container");
        Result volumes = Docker.docker("image", "inspect", "--format", "{{json .Config.Volumes}}", image);
        assertThat(volumes.output()).as("VOLUME /tmp in %s", image).contains("\"/tmp\"");
        // Fargate's copy: the image's /tmp, contents, owner and mode, into the volume.
        asRoot("cp -a /tmp/. " + MOUNT_POINT + "/ && chown \"$(stat -c %u:%g /tmp)\" " + MOUNT_POINT
                + " && chmod \"$(stat -c %a /tmp)\" " + MOUNT_POINT);
        assertThat(asRoot("stat -c %a " + MOUNT_POINT)).as("the image's /tmp is world-writable and sticky")
                .isEqualTo("1777");

        int port = Docker.freePort();
        int management = Docker.freePort();
        container = runAsFargate(port, management);

        HttpProbe.awaitOk("http://localhost:" + management + "/q/health/ready", 60, container);
        HttpProbe.awaitOk("http://localhost:" + port + "/hello?name=fargate", 10, container);
        Docker.assertServes(container, port);
    }

    /** The same image on the volume as Fargate leaves it for an image that declares no VOLUME /tmp: it cannot start. */
    @Test
    void withoutFargatesCopy_theRootOwnedTmpStopsTheStart() throws Exception {
        int port = Docker.freePort();
        container = runAsFargate(port, Docker.freePort());

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Docker.isRunning(container) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        String log = Docker.logs(container);
        assertThat(Docker.isRunning(container)).as("still running; its log:%n%s", log).isFalse();
        assertThat(log).contains("/tmp");
    }

    /** docker run as ECS runs the task definition: read-only, the image's user, the volume at /tmp as it is. */
    private String runAsFargate(int port, int management) {
        Result run = Docker.docker("run", "-d", "--network", "host", "--read-only",
                "--mount", "type=volume,src=" + volume + ",dst=/tmp,volume-nocopy",
                "-e", "QUARKUS_HTTP_PORT=" + port, "-e", "QUARKUS_MANAGEMENT_PORT=" + management,
                Docker.image("container"));
        assertThat(run.ok()).as(run.output()).isTrue();
        return run.output().strip();
    }

    /** Runs a shell command as root in the image, with the volume at {@link #MOUNT_POINT}; returns its output. */
    private String asRoot(String command) {
        Result result = Docker.docker("run", "--rm", "--user", "0", "--entrypoint", "sh",
                "--mount", "type=volume,src=" + volume + ",dst=" + MOUNT_POINT, Docker.image("container"), "-c",
                command);
        assertThat(result.ok()).as("%s: %s", command, result.output()).isTrue();
        return result.output().strip();
    }
}

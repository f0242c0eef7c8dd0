package io.carillon.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.meeting.support.SignedRequests;
import io.carillon.meeting.support.WithTokenService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The AWS SDK for JavaScript v3 (npm @aws-sdk/client-chime-sdk-meetings) against meeting-service. */
@QuarkusTest
@TestProfile(WithTokenService.class)
class JsSdkClientTest {

    private static final Path CLIENT = Path.of("src/test/js").toAbsolutePath();

    @Test
    void the_javascript_v3_client_creates_reads_lists_and_deletes() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "Node.js and npm are not installed (.ci/run installs them)");
        npmCi();
        Process node = new ProcessBuilder("node", "client.mjs", "http://127.0.0.1:" + RestAssured.port,
                SignedRequests.ACCESS_KEY, SignedRequests.SECRET_KEY).directory(CLIENT.toFile()).redirectErrorStream(true).start();
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        JsonNode result = new ObjectMapper().readTree(output.substring(output.lastIndexOf('\n') + 1));

        assertThat(result.path("error").isMissingNode()).as(output).isTrue();
        assertThat(result.path("signalingUrl").asText()).contains("/control/");
        assertThat(result.path("joinTokenLength").asInt()).isEqualTo(43);
        assertThat(result.path("externalMeetingId").asText()).isEqualTo("from-js");
        assertThat(result.path("attendees").asInt()).isEqualTo(1);
        assertThat(result.path("afterDelete").asText()).isEqualTo("NotFoundException");
        assertThat(result.path("afterDeleteStatus").asInt()).isEqualTo(404);
        assertThat(result.path("badRequest").asText()).isEqualTo("BadRequestException");
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static void npmCi() throws Exception {
        if (Files.isDirectory(CLIENT.resolve("node_modules/@aws-sdk/client-chime-sdk-meetings"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(CLIENT.toFile())
                .redirectErrorStream(true).redirectOutput(CLIENT.resolve("npm-ci.log").toFile()).start();
        assertThat(npm.waitFor(10, TimeUnit.MINUTES) && npm.exitValue() == 0)
                .as("npm ci in " + CLIENT + " (see npm-ci.log there)").isTrue();
    }
}

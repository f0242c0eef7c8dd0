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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS CLI (`aws chime-sdk-meetings`, installed by .ci/run) against meeting-service. */
@QuarkusTest
@TestProfile(WithTokenService.class)
class AwsCliTest {

    private record Result(int exitCode, String stdout, String stderr) {
    }

    @BeforeEach
    void needsTheCli() {
        assumeTrue(onPath("aws"), "the AWS CLI is not installed (.ci/run installs it: apt-get install awscli)");
    }

    @Test
    void the_cli_creates_reads_and_deletes_a_meeting_and_an_attendee() throws Exception {
        Result created = aws("create-meeting", "--client-request-token", UUID.randomUUID().toString(),
                "--media-region", "us-east-1", "--external-meeting-id", "from-the-cli");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        String meetingId = json(created).at("/Meeting/MeetingId").asText();

        Result attendee = aws("create-attendee", "--meeting-id", meetingId, "--external-user-id", "cli-user");
        assertThat(attendee.exitCode()).as(attendee.stderr()).isZero();
        assertThat(json(attendee).at("/Attendee/JoinToken").asText()).hasSize(43);

        Result read = aws("get-meeting", "--meeting-id", meetingId);
        assertThat(json(read).at("/Meeting/ExternalMeetingId").asText()).isEqualTo("from-the-cli");

        assertThat(aws("delete-meeting", "--meeting-id", meetingId).exitCode()).isZero();
        Result gone = aws("get-meeting", "--meeting-id", meetingId);
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.stderr()).contains("NotFoundException");
    }

    private static JsonNode json(Result result) throws Exception {
        return new ObjectMapper().readTree(result.stdout());
    }

    private static Result aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "chime-sdk-meetings"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + RestAssured.port, "--region", "us-east-1",
                "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AWS_ACCESS_KEY_ID", SignedRequests.ACCESS_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", SignedRequests.SECRET_KEY);
        File empty = File.createTempFile("aws-config", ".ini");
        empty.deleteOnExit();
        builder.environment().put("AWS_CONFIG_FILE", empty.getPath());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", empty.getPath());
        builder.environment().put("AWS_MAX_ATTEMPTS", "1");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }
}

package io.carillon.meeting.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vectors of the AWS Signature Version 4 test suite (aws-sig-v4-test-suite). */
class SigV4SignatureTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String DATE = "20150830T123600Z";
    private static final String SCOPE = "20150830/us-east-1/service/aws4_request";
    private static final Map<String, List<String>> HEADERS = Map.of(
            "host", List.of("example.amazonaws.com"), "x-amz-date", List.of(DATE));
    private static final String EMPTY_HASH = SigV4Signature.sha256Hex(new byte[0]);

    @Test
    void get_vanilla() {
        assertThat(SigV4Signature.signature("GET", "/", Map.of(), HEADERS, EMPTY_HASH, DATE, SCOPE, SECRET))
                .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void post_vanilla() {
        assertThat(SigV4Signature.signature("POST", "/", Map.of(), HEADERS, EMPTY_HASH, DATE, SCOPE, SECRET))
                .isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    @Test
    void canonical_request_of_get_vanilla() {
        assertThat(SigV4Signature.canonicalRequest("GET", "/", Map.of(), HEADERS, EMPTY_HASH)).isEqualTo(
                "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EMPTY_HASH);
    }

    @Test
    void query_parameters_are_sorted_and_encoded() {
        String canonical = SigV4Signature.canonicalRequest("GET", "/", Map.of("Param2", List.of("value2"),
                "Param1", List.of("value 1")), HEADERS, EMPTY_HASH);
        assertThat(canonical.split("\n")[2]).isEqualTo("Param1=value%201&Param2=value2");
    }

    @Test
    void path_segments_are_encoded_a_second_time() {
        assertThat(SigV4Signature.canonicalRequest("GET", "/a%20b/c", Map.of(), HEADERS, EMPTY_HASH).split("\n")[1])
                .isEqualTo("/a%2520b/c");
        assertThat(SigV4Signature.uriEncode("ü~x")).isEqualTo("%C3%BC~x");
        assertThat(SigV4Signature.sha256Hex("".getBytes(StandardCharsets.UTF_8))).startsWith("e3b0c442");
    }

    @Test
    void header_values_are_trimmed_and_inner_spaces_collapsed() {
        String canonical = SigV4Signature.canonicalRequest("GET", "/", Map.of(), Map.of(
                "host", List.of("example.amazonaws.com"), "my-header1", List.of(" value1  "),
                "my-header2", List.of("\"a   b   c\"", "d  e")), EMPTY_HASH);
        assertThat(canonical.split("\n")[4]).isEqualTo("my-header1:value1");
        assertThat(canonical.split("\n")[5]).isEqualTo("my-header2:\"a b c\",d e");
    }

    @Test
    void remembered_signing_keys_belong_to_their_secret() {
        String first = SigV4Signature.signature("GET", "/", Map.of(), HEADERS, EMPTY_HASH, DATE, SCOPE, SECRET);
        String otherSecret = SigV4Signature.signature("GET", "/", Map.of(), HEADERS, EMPTY_HASH, DATE, SCOPE, SECRET + "x");
        assertThat(otherSecret).isNotEqualTo(first);
        assertThat(SigV4Signature.signature("GET", "/", Map.of(), HEADERS, EMPTY_HASH, DATE, SCOPE, SECRET)).isEqualTo(first);
    }
}

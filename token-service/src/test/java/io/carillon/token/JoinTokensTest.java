package io.carillon.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JoinTokensTest {

    @Test
    void token_is_43_base64url_chars_without_padding() {
        for (int i = 0; i < 1000; i++) {
            String token = JoinTokens.generate();
            assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "not 43 base64url characters: " + token);
        }
    }

    @Test
    void tokens_do_not_repeat() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(tokens.add(JoinTokens.generate()), "a token came twice");
        }
    }

    @Test
    void hash_is_sha256_in_base64url_without_padding() {
        // SHA-256("abc") = ba7816bf 8f01cfea ... f20015ad (FIPS 180-2, appendix B.1)
        assertEquals("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", JoinTokens.hash("abc"));
    }

    @Test
    void a_token_and_its_hash_differ_and_the_hash_is_stable() {
        String token = JoinTokens.generate();
        String hash = JoinTokens.hash(token);
        assertTrue(hash.matches("[A-Za-z0-9_-]{43}"), "hash form: " + hash);
        assertTrue(!hash.equals(token), "the hash must not be the token");
        assertEquals(hash, JoinTokens.hash(token));
    }

    @Test
    void a_presented_token_is_the_secret_without_modality() {
        String token = JoinTokens.generate();
        PresentedToken presented = PresentedToken.parse(token);
        assertEquals(token, presented.secret());
        assertNull(presented.modality());
    }

    @Test
    void content_suffix_names_the_content_modality() {
        String token = JoinTokens.generate();
        PresentedToken presented = PresentedToken.parse(token + "#content");
        assertEquals(token, presented.secret());
        assertEquals("content", presented.modality());
    }

    @Test
    void malformed_presented_tokens_are_refused() {
        String token = JoinTokens.generate();
        for (String presented : new String[] {null, "", "#content", token + "#video", token + "=",
                token.substring(1), "x".repeat(PresentedToken.MAX_LENGTH + 1), token.replace(token.charAt(0), '+')}) {
            assertThrows(TokenRefusedException.class, () -> PresentedToken.parse(presented),
                    "should refuse " + (presented == null ? "null" : presented.length() + " chars"));
        }
    }
}

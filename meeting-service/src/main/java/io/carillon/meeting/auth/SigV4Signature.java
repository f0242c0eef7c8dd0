package io.carillon.meeting.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AWS Signature Version 4 of a request, computed from exactly the headers the client says it
 * signed (AWS General Reference, "Create a canonical request" / "Create a string to sign" /
 * "Calculate the signature"). The crypto is the JDK's HMAC-SHA256 and SHA-256.
 *
 * <p>Why not the AWS SDK's signer: its current {@code AwsV4HttpSigner} always adds and signs
 * {@code x-amz-content-sha256}, which the AWS CLI (botocore) and the JS SDK do not sign for this
 * service, so it cannot reproduce their signatures; the older signer is deprecated.
 *
 * <p>Every request is checked, so the hot part is kept light: the derived signing key of a (secret, scope) pair is
 * remembered (a scope lives a day), and each thread keeps its own HMAC and SHA-256 instances.
 */
public final class SigV4Signature {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final HexFormat HEX = HexFormat.of();
    /** Derived signing keys by secret and scope; cleared when it grows past {@link #MAX_SIGNING_KEYS}. */
    private static final ConcurrentHashMap<String, byte[]> SIGNING_KEYS = new ConcurrentHashMap<>();
    private static final int MAX_SIGNING_KEYS = 256;
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private SigV4Signature() {
    }

    /**
     * @param encodedPath  the request path as received (percent-encoded once)
     * @param query        decoded query parameters
     * @param headers      the signed headers: lower-case name -> values
     * @param payloadHash  hex SHA-256 of the body
     * @param amzDate      X-Amz-Date, e.g. 20150830T123600Z
     * @param scope        date/region/service/aws4_request
     */
    public static String signature(String method, String encodedPath, Map<String, List<String>> query,
            Map<String, List<String>> headers, String payloadHash, String amzDate, String scope, String secret) {
        String canonicalRequest = canonicalRequest(method, encodedPath, query, headers, payloadHash);
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(hmac(signingKey(secret, scope), stringToSign));
    }

    /** HMAC chain of AWS4+secret over the scope's parts: date, region, service, aws4_request. */
    private static byte[] signingKey(String secret, String scope) {
        String id = scope + '\n' + secret;
        byte[] key = SIGNING_KEYS.get(id);
        if (key == null) {
            String[] parts = scope.split("/");
            key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), parts[0]);
            for (int i = 1; i < parts.length; i++) {
                key = hmac(key, parts[i]);
            }
            if (SIGNING_KEYS.size() >= MAX_SIGNING_KEYS) {
                SIGNING_KEYS.clear();
            }
            SIGNING_KEYS.put(id, key);
        }
        return key;
    }

    static String canonicalRequest(String method, String encodedPath, Map<String, List<String>> query,
            Map<String, List<String>> headers, String payloadHash) {
        TreeMap<String, List<String>> sortedHeaders = new TreeMap<>(headers);
        StringBuilder canonical = new StringBuilder(256)
                .append(method).append('\n')
                .append(canonicalPath(encodedPath)).append('\n')
                .append(canonicalQuery(query)).append('\n');
        for (var header : sortedHeaders.entrySet()) {
            canonical.append(header.getKey()).append(':');
            List<String> values = header.getValue();
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    canonical.append(',');
                }
                appendTrimmed(canonical, values.get(i));
            }
            canonical.append('\n');
        }
        canonical.append('\n').append(String.join(";", sortedHeaders.keySet())).append('\n').append(payloadHash);
        return canonical.toString();
    }

    /** Every segment of the (once-encoded) path is encoded again: all services but S3 do so. */
    private static String canonicalPath(String encodedPath) {
        if (encodedPath == null || encodedPath.isEmpty()) {
            return "/";
        }
        StringBuilder path = new StringBuilder(encodedPath.length() + 16);
        String[] segments = encodedPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(uriEncode(segments[i]));
        }
        return path.toString();
    }

    private static String canonicalQuery(Map<String, List<String>> query) {
        List<String> pairs = new ArrayList<>();
        for (var parameter : query.entrySet()) {
            for (String value : parameter.getValue()) {
                pairs.add(uriEncode(parameter.getKey()) + "=" + uriEncode(value));
            }
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    /** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ as %XX of its UTF-8 bytes. */
    static String uriEncode(String value) {
        StringBuilder encoded = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    /** The value trimmed, with every run of spaces inside it as one space. */
    static void appendTrimmed(StringBuilder out, String value) {
        String trimmed = value.trim();
        boolean space = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == ' ') {
                if (!space) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
    }

    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(SHA256.get().digest(data));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = HMAC_SHA256.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

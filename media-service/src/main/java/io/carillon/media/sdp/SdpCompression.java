package io.carillon.media.sdp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compressed SDP as the Chime client does it (signaling.md): raw DEFLATE without zlib header, the
 * previous SDP of the same direction as dictionary. Inflation is bounded.
 */
public final class SdpCompression {

    static final int MAX_SDP_BYTES = 256 * 1024;

    private SdpCompression() {
    }

    public static String inflate(byte[] compressed, String dictionary) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            if (dictionary != null) {
                // raw DEFLATE carries no dictionary id: the dictionary is set up front, not on request
                inflater.setDictionary(dictionary.getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] chunk = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(chunk, 0, n);
                if (out.size() > MAX_SDP_BYTES) {
                    throw new SdpException("compressed SDP offer inflates beyond " + MAX_SDP_BYTES + " bytes");
                }
            }
            if (out.size() == 0) {
                throw new SdpException("compressed SDP offer inflates to nothing");
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new SdpException("compressed SDP offer is not raw DEFLATE");
        } finally {
            inflater.end();
        }
    }

    public static byte[] deflate(String sdp, String dictionary) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            if (dictionary != null) {
                deflater.setDictionary(dictionary.getBytes(StandardCharsets.UTF_8));
            }
            deflater.setInput(sdp.getBytes(StandardCharsets.UTF_8));
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(sdp.length());
            byte[] chunk = new byte[4096];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}

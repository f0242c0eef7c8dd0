package io.carillon.media.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A WAV file with a tone pulsing like speech (on 300 ms, off 100 ms): a fake microphone for
 * Chromium. A steady tone would be taken for noise by the browser's noise suppression.
 */
public final class ToneFile {

    static final int RATE = 48000;

    private ToneFile() {
    }

    public static Path write(Path dir, double hertz, int seconds) throws IOException {
        int samples = RATE * seconds;
        ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            int inCycle = i % (RATE * 4 / 10);
            double envelope = inCycle < RATE * 3 / 10 ? Math.sin(Math.PI * inCycle / (RATE * 3 / 10.0)) : 0;
            wav.putShort((short) (0.5 * envelope * Short.MAX_VALUE * Math.sin(2 * Math.PI * hertz * i / RATE)));
        }
        Path file = dir.resolve("tone-" + (int) hertz + ".wav");
        Files.write(file, wav.array());
        return file;
    }
}

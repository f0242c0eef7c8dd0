package io.carillon.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimiterTest {

    @Test
    void twoFullScaleTonesNeverWrap() {
        Limiter limiter = new Limiter();
        int[] sum = new int[960];
        short[] out = new short[960];
        long t = 0;
        int maxAbs = 0;
        for (int block = 0; block < 100; block++) {
            for (int i = 0; i < 960; i++, t++) {
                int a = (int) Math.round(32767 * Math.sin(2 * Math.PI * 440 * t / 48000.0));
                int b = (int) Math.round(32767 * Math.sin(2 * Math.PI * 1000 * t / 48000.0 + 0.3));
                sum[i] = a + b;
            }
            limiter.process(sum, out, 960);
            for (int i = 0; i < 960; i++) {
                if (sum[i] > 0) {
                    assertThat(out[i]).as("sample %d of block %d", i, block).isGreaterThanOrEqualTo((short) 0);
                } else if (sum[i] < 0) {
                    assertThat(out[i]).as("sample %d of block %d", i, block).isLessThanOrEqualTo((short) 0);
                }
                if (block > 0) {
                    maxAbs = Math.max(maxAbs, Math.abs(out[i]));
                }
            }
        }
        // after the first attack the gain holds the peak under the ceiling, without hard clipping
        assertThat(maxAbs).isLessThanOrEqualTo(Limiter.CEILING);
        assertThat(maxAbs).isGreaterThan(Limiter.CEILING * 9 / 10);
    }

    @Test
    void quietSignalsPassUnchangedAndGainRecovers() {
        Limiter limiter = new Limiter();
        int[] loud = new int[960];
        int[] quiet = new int[960];
        short[] out = new short[960];
        for (int i = 0; i < 960; i++) {
            loud[i] = (i % 2 == 0 ? 1 : -1) * 60000;
            quiet[i] = (i % 2 == 0 ? 1 : -1) * 1000;
        }
        limiter.process(quiet, out, 960);
        assertThat(out[0]).isEqualTo((short) 1000);
        limiter.process(loud, out, 960);
        assertThat(limiter.gain()).isLessThan(0.5f);
        for (int i = 0; i < 200; i++) {
            limiter.process(quiet, out, 960);
        }
        assertThat(limiter.gain()).isGreaterThan(0.99f);
    }
}

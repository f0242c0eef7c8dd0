package io.carillon.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DtlsWarmUpTest {

    @Test
    void every_warm_up_handshake_completes_in_memory() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            assertThat(DtlsWarmUp.run(DtlsCertificate.generateEcdsaP256(), 3, executor, 10_000)).isEqualTo(3);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void a_handshake_that_cannot_run_stops_the_warm_up() throws Exception {
        // One thread: the client's handshake waits behind the server's, which waits for the client: no progress.
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            assertThat(DtlsWarmUp.run(DtlsCertificate.generateEcdsaP256(), 3, executor, 500)).isZero();
        } finally {
            executor.shutdownNow();
        }
    }
}

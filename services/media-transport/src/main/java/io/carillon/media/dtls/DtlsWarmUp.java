package io.carillon.media.dtls;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * DTLS-SRTP handshakes between an in-memory client and a server holding this instance's certificate, run once at
 * start-up so that the JIT has compiled Bouncy Castle's handshake and EC arithmetic before the first real client
 * arrives. Cold, a server handshake took 60-250 ms instead of 6-17 ms warm: the first tenth of the joins of a fresh
 * instance paid for the interpreter (docs/media.md).
 */
public final class DtlsWarmUp {

    private DtlsWarmUp() {
    }

    /**
     * Runs {@code handshakes} handshakes one after the other; each side holds a thread of {@code executor} while it
     * waits for the other's flight, so the executor needs two threads at least.
     *
     * @return how many handshakes completed with SRTP keys on both sides; stops at the first that does not complete
     *     within {@code timeoutMillis}
     */
    public static int run(DtlsCertificate serverCertificate, int handshakes, Executor executor, long timeoutMillis)
            throws InterruptedException {
        DtlsCertificate clientCertificate = DtlsCertificate.generateEcdsaP256();
        for (int i = 0; i < handshakes; i++) {
            if (!handshake(serverCertificate, clientCertificate, executor, timeoutMillis)) {
                return i;
            }
        }
        return handshakes;
    }

    private static boolean handshake(DtlsCertificate serverCertificate, DtlsCertificate clientCertificate,
            Executor executor, long timeoutMillis) throws InterruptedException {
        Outcome serverOutcome = new Outcome();
        Outcome clientOutcome = new Outcome();
        DtlsClientSession[] client = new DtlsClientSession[1];
        DtlsServerSession server = new DtlsServerSession(serverCertificate, clientCertificate.sha256Fingerprint(),
                (b, off, len) -> client[0].onDatagram(b, off, len), executor, serverOutcome);
        client[0] = new DtlsClientSession(clientCertificate, serverCertificate.sha256Fingerprint(),
                server::onDatagram, executor, clientOutcome);
        try {
            server.start();
            client[0].start();
            CompletableFuture.allOf(serverOutcome, clientOutcome).get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } finally {
            client[0].close();
            server.close();
        }
    }

    /** Completes with the keys, or exceptionally with the failure. */
    private static final class Outcome extends CompletableFuture<DtlsSrtpKeys> implements DtlsListener {
        @Override
        public void onConnected(DtlsSrtpKeys keys) {
            complete(keys);
        }

        @Override
        public void onFailed(String reason) {
            completeExceptionally(new IllegalStateException(reason));
        }
    }
}

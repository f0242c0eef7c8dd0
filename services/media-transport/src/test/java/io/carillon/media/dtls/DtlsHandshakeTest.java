package io.carillon.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DtlsHandshakeTest {
    static DtlsCertificate serverCert;
    static DtlsCertificate clientCert;

    final ExecutorService serverExecutor = Executors.newSingleThreadExecutor();
    final ExecutorService clientExecutor = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void certificates() {
        serverCert = DtlsCertificate.generateEcdsaP256();
        clientCert = DtlsCertificate.generateEcdsaP256();
    }

    @AfterEach
    void shutdown() throws Exception {
        serverExecutor.shutdownNow();
        clientExecutor.shutdownNow();
        assertThat(serverExecutor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(clientExecutor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Records the single outcome a listener receives. */
    static final class Outcome implements DtlsListener {
        final CompletableFuture<DtlsSrtpKeys> connected = new CompletableFuture<>();
        final CompletableFuture<String> failed = new CompletableFuture<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void onConnected(DtlsSrtpKeys keys) {
            calls.incrementAndGet();
            connected.complete(keys);
        }

        @Override
        public void onFailed(String reason) {
            calls.incrementAndGet();
            failed.complete(reason);
        }
    }

    /** A one-way link that may drop datagrams: drop.test(index of the datagram on this link). */
    static class Link implements DatagramSender {
        volatile java.util.function.Consumer<byte[]> target;
        final IntPredicate drop;
        final AtomicInteger count = new AtomicInteger();

        Link(IntPredicate drop) {
            this.drop = drop;
        }

        @Override
        public void send(byte[] b, int off, int len) {
            int i = count.getAndIncrement();
            if (drop.test(i)) {
                return;
            }
            byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
            target.accept(copy);
        }
    }

    record Pair(DtlsServerSession server, DtlsClientSession client, Outcome serverOutcome, Outcome clientOutcome) {}

    Pair pair(String serverExpects, String clientExpects, Link toClient, Link toServer, int[] clientProfiles) {
        Outcome so = new Outcome();
        Outcome co = new Outcome();
        DtlsServerSession server = new DtlsServerSession(serverCert, serverExpects, toClient, serverExecutor, so);
        DtlsClientSession client = new DtlsClientSession(clientCert, clientExpects, toServer, clientExecutor, co,
                clientProfiles, 10_000);
        toClient.target = d -> client.onDatagram(d, 0, d.length);
        toServer.target = d -> server.onDatagram(d, 0, d.length);
        return new Pair(server, client, so, co);
    }

    Pair pair(Link toClient, Link toServer) {
        return pair("sha-256 " + clientCert.sha256Fingerprint(), serverCert.sha256Fingerprint(), toClient, toServer,
                DtlsClientSession.DEFAULT_PROFILES);
    }

    static Link lossless() {
        return new Link(i -> false);
    }

    @Test
    void certificateFingerprintLooksLikeSdp() {
        assertThat(serverCert.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(serverCert.sha256Fingerprint()).isNotEqualTo(clientCert.sha256Fingerprint());
        assertThat(PeerFingerprint.parse("sha-256 " + serverCert.sha256Fingerprint()).matches(serverCert.encoded())).isTrue();
        assertThat(PeerFingerprint.parse(serverCert.sha256Fingerprint().toLowerCase()).matches(serverCert.encoded())).isTrue();
        assertThat(PeerFingerprint.parse(clientCert.sha256Fingerprint()).matches(serverCert.encoded())).isFalse();
    }

    @Test
    void handshakeGivesBothSidesTheSameKeysWithTheServersPreferredProfile() throws Exception {
        Pair p = pair(lossless(), lossless());
        p.server().start();
        p.client().start();
        DtlsSrtpKeys s = p.serverOutcome().connected.get(20, TimeUnit.SECONDS);
        DtlsSrtpKeys c = p.clientOutcome().connected.get(20, TimeUnit.SECONDS);
        assertThat(s.protectionProfile()).isEqualTo(0x0001).isEqualTo(c.protectionProfile());
        assertThat(s.keyingMaterial()).hasSize(60).isEqualTo(c.keyingMaterial());
        assertThat(p.server().isConnected()).isTrue();
        assertThat(p.client().isConnected()).isTrue();
        Thread.sleep(100);
        assertThat(p.serverOutcome().calls.get()).isEqualTo(1);
        assertThat(p.clientOutcome().calls.get()).isEqualTo(1);
        p.client().close();
        p.server().close();
    }

    @Test
    void gcmOnlyClientGetsGcmKeys() throws Exception {
        Pair p = pair("sha-256 " + clientCert.sha256Fingerprint(), serverCert.sha256Fingerprint(), lossless(),
                lossless(), new int[] {0x0007});
        p.server().start();
        p.client().start();
        DtlsSrtpKeys s = p.serverOutcome().connected.get(20, TimeUnit.SECONDS);
        DtlsSrtpKeys c = p.clientOutcome().connected.get(20, TimeUnit.SECONDS);
        assertThat(s.protectionProfile()).isEqualTo(0x0007).isEqualTo(c.protectionProfile());
        assertThat(s.keyingMaterial()).hasSize(56).isEqualTo(c.keyingMaterial());
    }

    @Test
    void serverRejectsAClientCertificateWithTheWrongFingerprint() throws Exception {
        Pair p = pair("sha-256 " + serverCert.sha256Fingerprint(), serverCert.sha256Fingerprint(), lossless(),
                lossless(), DtlsClientSession.DEFAULT_PROFILES);
        p.server().start();
        p.client().start();
        assertThat(p.serverOutcome().failed.get(20, TimeUnit.SECONDS)).contains("bad_certificate");
        assertThat(p.clientOutcome().failed.get(20, TimeUnit.SECONDS)).isNotEmpty();
        assertThat(p.serverOutcome().connected).isNotDone();
    }

    @Test
    void clientRejectsAServerCertificateWithTheWrongFingerprint() throws Exception {
        Pair p = pair("sha-256 " + clientCert.sha256Fingerprint(), clientCert.sha256Fingerprint(), lossless(),
                lossless(), DtlsClientSession.DEFAULT_PROFILES);
        p.server().start();
        p.client().start();
        assertThat(p.clientOutcome().failed.get(20, TimeUnit.SECONDS)).contains("bad_certificate");
        assertThat(p.serverOutcome().failed.get(20, TimeUnit.SECONDS)).isNotEmpty();
    }

    @Test
    void lostFirstFlightIsRetransmitted() throws Exception {
        Pair p = pair(lossless(), new Link(i -> i == 0)); // the ClientHello is lost once
        p.server().start();
        p.client().start();
        DtlsSrtpKeys s = p.serverOutcome().connected.get(20, TimeUnit.SECONDS);
        DtlsSrtpKeys c = p.clientOutcome().connected.get(20, TimeUnit.SECONDS);
        assertThat(s.keyingMaterial()).isEqualTo(c.keyingMaterial());
    }

    @Test
    void lostServerFinalFlightIsResentAfterTheServerConnected() throws Exception {
        // Drop every server datagram carrying a ChangeCipherSpec or an epoch-1 record the first time round:
        // the server is connected by then and must answer the client's retransmitted flight.
        AtomicInteger dropped = new AtomicInteger();
        Link toClient = new Link(i -> false) {
            @Override
            public void send(byte[] b, int off, int len) {
                boolean lastFlight = b[off] == 20 || (b[off + 3] == 0 && b[off + 4] == 1);
                if (lastFlight && dropped.get() < 2) {
                    dropped.incrementAndGet();
                    return;
                }
                super.send(b, off, len);
            }
        };
        Pair p = pair(toClient, lossless());
        p.server().start();
        p.client().start();
        DtlsSrtpKeys s = p.serverOutcome().connected.get(20, TimeUnit.SECONDS);
        DtlsSrtpKeys c = p.clientOutcome().connected.get(20, TimeUnit.SECONDS);
        assertThat(dropped.get()).isEqualTo(2);
        assertThat(s.keyingMaterial()).isEqualTo(c.keyingMaterial());
    }

    @Test
    void garbageDatagramsDoNotBreakTheServer() throws Exception {
        Pair p = pair(lossless(), lossless());
        Random r = new Random(3);
        p.server().start();
        for (int i = 0; i < 200; i++) {
            byte[] g = new byte[r.nextInt(1600)];
            r.nextBytes(g);
            if (g.length > 0) {
                g[0] = (byte) (20 + r.nextInt(44));
            }
            p.server().onDatagram(g, 0, g.length);
        }
        p.server().onDatagram(null, 0, 10);
        p.server().onDatagram(new byte[10], 5, 10);
        p.client().start();
        DtlsSrtpKeys s = p.serverOutcome().connected.get(20, TimeUnit.SECONDS);
        assertThat(s.keyingMaterial()).isEqualTo(p.clientOutcome().connected.get(20, TimeUnit.SECONDS).keyingMaterial());
        for (int i = 0; i < 200; i++) { // and after the handshake
            byte[] g = new byte[1 + r.nextInt(300)];
            r.nextBytes(g);
            g[0] = (byte) (20 + r.nextInt(44));
            p.server().onDatagram(g, 0, g.length);
        }
        Thread.sleep(200);
        assertThat(p.serverOutcome().calls.get()).isEqualTo(1);
    }

    @Test
    void closeDuringTheHandshakeFreesTheThread() throws Exception {
        Outcome so = new Outcome();
        DtlsServerSession server = new DtlsServerSession(serverCert, clientCert.sha256Fingerprint(), (b, o, l) -> {},
                serverExecutor, so);
        server.start();
        Thread.sleep(300); // the handshake task is now waiting for a ClientHello
        long t0 = System.nanoTime();
        server.close();
        CountDownLatch ran = new CountDownLatch(1);
        serverExecutor.execute(ran::countDown); // single thread: runs only once the handshake task has ended
        assertThat(ran.await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
        assertThat(so.calls.get()).isZero();
    }

    @Test
    void handshakeTimesOut() throws Exception {
        Outcome so = new Outcome();
        DtlsServerSession server = new DtlsServerSession(serverCert, clientCert.sha256Fingerprint(), (b, o, l) -> {},
                serverExecutor, so, 1_000);
        server.start();
        // a client that starts but never hears back: the server sees a ClientHello, then nothing more
        Outcome co = new Outcome();
        DtlsClientSession client = new DtlsClientSession(clientCert, serverCert.sha256Fingerprint(),
                (b, o, l) -> server.onDatagram(b, o, l), clientExecutor, co, DtlsClientSession.DEFAULT_PROFILES, 1_000);
        client.start();
        assertThat(so.failed.get(10, TimeUnit.SECONDS)).isNotEmpty();
        assertThat(co.failed.get(10, TimeUnit.SECONDS)).isNotEmpty();
    }

    @Test
    void handshakeTimesOutWhenNoClientHelloEverArrives() throws Exception {
        Outcome so = new Outcome();
        DtlsServerSession server = new DtlsServerSession(serverCert, clientCert.sha256Fingerprint(), (b, o, l) -> {},
                serverExecutor, so, 800);
        server.start();
        assertThat(so.failed.get(10, TimeUnit.SECONDS)).contains("timed out");
    }
}

package io.carillon.media.dtls;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * The machinery shared by both roles: a {@link QueueDatagramTransport} fed by the event loop, the BC
 * handshake run as one task on the handshake executor, the listener told exactly once.
 *
 * <p>After the handshake, datagrams still arriving (a retransmitted client Finished when our last
 * flight was lost, a close_notify alert) are handed to the {@link DTLSTransport} by short drain tasks
 * on the same executor, one at a time: BC then resends its last flight (RFC 6347 §4.2.4) or closes.
 * Application data (none is expected: media goes over SRTP) is read and discarded. A fatal error
 * after connection stops that processing; the keys already delivered stay valid.
 *
 * <p>{@link #close()} ends a pending handshake (its receive fails at once) without calling the
 * listener, and sends close_notify when connected. Thread-safe.
 */
final class DtlsConnection {
    interface Handshake {
        DTLSTransport run(QueueDatagramTransport transport) throws Exception;
    }

    private static final int NEW = 0, HANDSHAKING = 1, CONNECTED = 2, FAILED = 3, CLOSED = 4;

    private final QueueDatagramTransport transport;
    private final Executor executor;
    private final DtlsListener listener;
    private final Handshake handshake;
    private final Supplier<DtlsSrtpKeys> keys;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Object dtlsLock = new Object();
    private DTLSTransport dtls; // guarded by dtlsLock
    private volatile boolean dtlsDead;

    DtlsConnection(DatagramSender sender, Executor executor, DtlsListener listener, Handshake handshake,
            Supplier<DtlsSrtpKeys> keys) {
        this.transport = new QueueDatagramTransport(sender);
        this.executor = executor;
        this.listener = listener;
        this.handshake = handshake;
        this.keys = keys;
    }

    void start() {
        if (!state.compareAndSet(NEW, HANDSHAKING)) {
            return;
        }
        try {
            executor.execute(this::runHandshake);
        } catch (RejectedExecutionException e) {
            fail("handshake executor rejected the task");
        }
    }

    /** Event loop: never blocks; drops when the queue is full or the session is done. */
    void onDatagram(byte[] b, int off, int len) {
        int s = state.get();
        if (s == FAILED || s == CLOSED || (s == CONNECTED && dtlsDead)) {
            return;
        }
        if (!transport.offer(b, off, len)) {
            return;
        }
        if (s == CONNECTED) {
            scheduleDrain();
        }
    }

    boolean isConnected() {
        return state.get() == CONNECTED;
    }

    void close() {
        int previous = state.getAndSet(CLOSED);
        if (previous == CLOSED) {
            return;
        }
        if (previous == CONNECTED) {
            try {
                executor.execute(this::closeDtls);
                return;
            } catch (RejectedExecutionException e) {
                // fall through: no close_notify
            }
        }
        transport.close();
    }

    private void runHandshake() {
        DTLSTransport result;
        try {
            result = handshake.run(transport);
        } catch (TlsFatalAlertReceived e) {
            fail("peer sent alert " + AlertDescription.getText(e.getAlertDescription()));
            return;
        } catch (TlsFatalAlert e) {
            fail("handshake failed: " + AlertDescription.getText(e.getAlertDescription())
                    + (e.getMessage() != null ? " (" + e.getMessage() + ")" : ""));
            return;
        } catch (Exception e) {
            fail("handshake failed: " + e);
            return;
        }
        DtlsSrtpKeys k = keys.get();
        synchronized (dtlsLock) {
            dtls = result;
        }
        if (k == null) {
            fail("no SRTP keys");
            closeDtls();
            return;
        }
        if (!state.compareAndSet(HANDSHAKING, CONNECTED)) {
            closeDtls(); // closed meanwhile
            return;
        }
        try {
            listener.onConnected(k);
        } catch (RuntimeException ignored) {
            // the listener's problem; the session stays connected
        }
        if (transport.hasPending()) {
            scheduleDrain();
        }
    }

    private void fail(String reason) {
        if (state.compareAndSet(HANDSHAKING, FAILED) || state.compareAndSet(NEW, FAILED)) {
            transport.close();
            try {
                listener.onFailed(reason);
            } catch (RuntimeException ignored) {
                // nothing to undo
            }
        } else {
            transport.close();
        }
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
            }
        }
    }

    private void drain() {
        byte[] buf = new byte[QueueDatagramTransport.RECEIVE_LIMIT];
        do {
            synchronized (dtlsLock) {
                while (dtls != null && !dtlsDead && state.get() == CONNECTED && transport.hasPending()) {
                    try {
                        dtls.receive(buf, 0, buf.length, 1); // application data, if any, is discarded
                    } catch (Exception e) {
                        dtlsDead = true; // fatal alert or peer close_notify: nothing more to process
                    }
                }
                if (transport.isClosed()) {
                    dtlsDead = true;
                }
            }
            draining.set(false);
        } while (transport.hasPending() && !dtlsDead && state.get() == CONNECTED && draining.compareAndSet(false, true));
    }

    private void closeDtls() {
        synchronized (dtlsLock) {
            if (dtls != null && !dtlsDead) {
                try {
                    dtls.close(); // close_notify (RFC 5246 §7.2.1)
                } catch (Exception ignored) {
                    // best effort
                }
                dtlsDead = true;
            }
        }
        transport.close();
    }
}

package io.carillon.media.session;

import io.carillon.media.dtls.DatagramSender;
import io.carillon.media.dtls.DtlsListener;
import io.carillon.media.dtls.DtlsServerSession;

/** Makes the DTLS server side of a new session (the offer's fingerprint is already bound in). */
@FunctionalInterface
public interface DtlsStarter {

    DtlsServerSession create(DatagramSender sender, DtlsListener listener);
}

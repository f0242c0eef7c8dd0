package io.carillon.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/** BC TLS client callbacks mirroring {@link SrtpTlsServer}: the test client's side of DTLS-SRTP. */
final class SrtpTlsClient extends DefaultTlsClient {
    private final DtlsCertificate certificate;
    private final PeerFingerprint expectedServer;
    private final int[] offeredProfiles;
    private final int handshakeTimeoutMillis;
    private volatile int selectedProfile = -1;
    private volatile DtlsSrtpKeys keys;

    SrtpTlsClient(DtlsCertificate certificate, PeerFingerprint expectedServer, int[] offeredProfiles,
            int handshakeTimeoutMillis) {
        super(DtlsCrypto.CRYPTO);
        this.certificate = certificate;
        this.expectedServer = expectedServer;
        this.offeredProfiles = offeredProfiles.clone();
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    DtlsSrtpKeys keys() {
        return keys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), SrtpTlsServer.CIPHER_SUITES);
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    /** First retransmission of a lost flight; see {@link DtlsCrypto#FIRST_RESEND_MILLIS}. */
    @Override
    public int getHandshakeResendTimeMillis() {
        return DtlsCrypto.FIRST_RESEND_MILLIS;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfiles, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        // RFC 5764 §4.1.1: the server answers with exactly one of the offered profiles
        if (chosen == null || chosen.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server did not select one SRTP profile");
        }
        int profile = chosen.getProtectionProfiles()[0];
        boolean offered = false;
        for (int p : offeredProfiles) {
            offered |= p == profile;
        }
        if (!offered) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server selected an SRTP profile not offered");
        }
        selectedProfile = profile;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                Certificate chain = serverCertificate.getCertificate();
                if (chain == null || chain.isEmpty()
                        || !expectedServer.matches(chain.getCertificateAt(0).getEncoded())) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, "server certificate fingerprint mismatch");
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return certificate.signer(context);
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = DtlsKeyExport.export(context, selectedProfile);
    }
}

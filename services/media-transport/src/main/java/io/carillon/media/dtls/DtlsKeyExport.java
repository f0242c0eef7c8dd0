package io.carillon.media.dtls;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;

/** RFC 5764 §4.2: SRTP keys from the TLS exporter (RFC 5705), label "EXTRACTOR-dtls_srtp", no context. */
final class DtlsKeyExport {
    private DtlsKeyExport() {}

    static DtlsSrtpKeys export(TlsContext context, int profile) throws TlsFatalAlert {
        int length = SrtpProfiles.keyingMaterialLength(profile);
        if (length < 0) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "unsupported SRTP profile " + profile);
        }
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
        return new DtlsSrtpKeys(profile, material);
    }
}

package io.carillon.media.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;

/**
 * A self-signed ECDSA P-256 certificate for DTLS-SRTP (RFC 5763 §5: self-signed certificates,
 * authenticated by the SDP fingerprint). One per media-service instance; immutable, thread-safe.
 */
public final class DtlsCertificate {
    /** ecdsa_secp256r1_sha256 (RFC 8422 §5.1.1 / RFC 5246 §7.4.1.4.1). */
    static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final String sha256Fingerprint;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.sha256Fingerprint = PeerFingerprint.format(PeerFingerprint.sha256(der));
    }

    /** New key pair and self-signed certificate, valid from 30 days ago to one year ahead. */
    public static DtlsCertificate generateEcdsaP256() {
        try {
            X9ECParameters curve = ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1);
            ECNamedDomainParameters domain = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, curve);
            ECKeyPairGenerator generator = new ECKeyPairGenerator();
            generator.init(new ECKeyGenerationParameters(domain, DtlsCrypto.RANDOM));
            AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();

            X500Name name = new X500Name("CN=carillon-media");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    name,
                    new BigInteger(63, DtlsCrypto.RANDOM).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(30))),
                    Date.from(now.plus(Duration.ofDays(365))),
                    name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier sigAlg = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digAlg = new DefaultDigestAlgorithmIdentifierFinder().find(sigAlg);
            X509CertificateHolder holder =
                    builder.build(new BcECContentSignerBuilder(sigAlg, digAlg).build(keyPair.getPrivate()));
            return new DtlsCertificate(holder.getEncoded(), keyPair.getPrivate());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the DTLS certificate", e);
        }
    }

    /** "AB:CD:..." SHA-256 of the DER certificate, as in SDP a=fingerprint:sha-256. */
    public String sha256Fingerprint() {
        return sha256Fingerprint;
    }

    /** The DER encoding (a copy). */
    public byte[] encoded() {
        return der.clone();
    }

    Certificate tlsCertificate() throws IOException {
        TlsCertificate c = DtlsCrypto.CRYPTO.createCertificate(der);
        return new Certificate(new TlsCertificate[] {c});
    }

    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), DtlsCrypto.CRYPTO,
                privateKey, tlsCertificate(), ECDSA_SHA256);
    }
}

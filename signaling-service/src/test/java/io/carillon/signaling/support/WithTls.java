package io.carillon.signaling.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** ControlPlane plus a self-signed certificate (made with the JDK's keytool): wss on a free port. */
public class WithTls extends ControlPlane {

    public static final String PASSWORD = "carillon-test";
    private static Path keyStore;

    public static synchronized Path keyStore() {
        if (keyStore == null) {
            try {
                Path dir = Files.createTempDirectory("carillon-tls");
                keyStore = dir.resolve("signaling.p12");
                String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
                Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "signaling", "-keyalg", "EC",
                        "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                        "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + new String(process.getInputStream().readAllBytes()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return keyStore;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> tls = new HashMap<>();
        tls.put("quarkus.http.ssl.certificate.key-store-file", keyStore().toString());
        tls.put("quarkus.http.ssl.certificate.key-store-password", PASSWORD);
        tls.put("quarkus.http.test-ssl-port", "0");
        tls.put("quarkus.http.insecure-requests", "enabled");
        return tls;
    }
}

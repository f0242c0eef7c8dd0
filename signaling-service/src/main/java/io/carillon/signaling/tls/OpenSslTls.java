package io.carillon.signaling.tls;

import io.netty.handler.ssl.OpenSsl;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Serves wss through OpenSSL (BoringSSL, via netty-tcnative) rather than the JDK's TLS: cheaper
 * handshakes and records for many long-lived sockets. Used when a certificate is configured
 * ({@code quarkus.http.ssl.certificate.*}); falls back to the JDK, loudly, where the native
 * library cannot load.
 */
@ApplicationScoped
public class OpenSslTls implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(OpenSslTls.class);

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        if (OpenSsl.isAvailable()) {
            options.setSslEngineOptions(new OpenSSLEngineOptions());
            LOG.infof("wss served by %s (netty-tcnative)", OpenSsl.versionString());
        } else {
            LOG.warnf("netty-tcnative unavailable (%s): wss served by the JDK's TLS", OpenSsl.unavailabilityCause());
        }
    }

    /** Whether this process serves TLS with OpenSSL. */
    public static boolean openSsl() {
        return OpenSsl.isAvailable();
    }
}

package io.carillon.platform.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads a small request body completely on the event loop, before the request goes to a blocking
 * REST method. Without this, Quarkus REST hands the request to a worker thread first, and the
 * worker then waits for the event loop to pass it the body: one more thread wake-up per request,
 * which a profile of meeting-service under CreateAttendee load showed as a tenth of its CPU.
 * Quarkus REST uses a body that is already read ({@code RoutingContext.body()}).
 *
 * <p>Only HTTP/1.x bodies with a Content-Length of at most {@link #LIMIT} bytes are read here;
 * larger or chunked ones take the usual streaming path, where
 * {@code quarkus.http.limits.max-body-size} and the services' own error mapping apply as before.
 * HTTP/2 requests (the JDK's HttpClient upgrades to h2c) are left alone: Quarkus REST pauses
 * every request it takes, and Vert.x refuses to pause an HTTP/2 request whose body was read.
 */
@ApplicationScoped
public class SmallBodiesReadFirst {

    /** Larger than any valid Chime API request or internal call. */
    static final int LIMIT = 64 * 1024;

    private final BodyHandler bodyHandler = BodyHandler.create(false).setBodyLimit(LIMIT);

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        if (context.request().version() != HttpVersion.HTTP_2 && isSmall(context.request().getHeader("Content-Length"))) {
            bodyHandler.handle(context); // reads the body, then goes on to the next route
        } else {
            context.next();
        }
    }

    static boolean isSmall(String contentLength) {
        if (contentLength == null || contentLength.isEmpty() || contentLength.length() > 6) {
            return false;
        }
        for (int i = 0; i < contentLength.length(); i++) {
            if (contentLength.charAt(i) < '0' || contentLength.charAt(i) > '9') {
                return false;
            }
        }
        int length = Integer.parseInt(contentLength);
        return length > 0 && length <= LIMIT;
    }
}

package io.carillon.media.meeting;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * {@code GET /media/meetings}: every meeting on this instance with its figures ({@link MediaMeeting.Stats}) as JSON,
 * for an operator looking at one meeting's trouble. Per-meeting figures are not Prometheus series: meeting ids are
 * unbounded, and a scrape would keep every ended meeting's series. Like /q/metrics, for the internal network.
 */
@ApplicationScoped
public class MeetingStatsRoute {

    @Inject
    MediaMeetings meetings;

    void routes(@Observes Router router) {
        router.get("/media/meetings").handler(context -> {
            // the figures come back on the meetings' loops: answer on the request's own context
            Context requestContext = Vertx.currentContext();
            meetings.stats().whenComplete((stats, error) -> requestContext.runOnContext(v -> answer(context, stats, error)));
        });
    }

    private static void answer(RoutingContext context, List<MediaMeeting.Stats> stats, Throwable error) {
        if (error != null) {
            context.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("message", "the meetings' loops did not answer: " + error.getMessage()).encode());
            return;
        }
        JsonArray body = new JsonArray();
        for (MediaMeeting.Stats s : stats) {
            body.add(new JsonObject().put("meetingId", s.meetingId()).put("partition", s.partition())
                    .put("sessions", s.sessions()).put("connectedSessions", s.connectedSessions()).put("seconds", s.seconds())
                    .put("packetsIn", s.packetsIn()).put("packetsOut", s.packetsOut()).put("packetsRejected", s.packetsRejected())
                    .put("audioExpected", s.audioExpected()).put("audioLost", s.audioLost())
                    .put("jitterMillisMax", Math.round(s.jitterMillisMax() * 10) / 10.0)
                    .put("decodesLastTick", s.decodesLastTick()).put("encodesLastTick", s.encodesLastTick())
                    .put("framesConcealed", s.framesConcealed()).put("framesFecRecovered", s.framesFecRecovered())
                    .put("ticksSkipped", s.ticksSkipped()));
        }
        context.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
}

package io.carillon.media.meeting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the start-up warm-up is over, so that a balancer or orchestrator sends no client to cold code. */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {

    @Inject
    MediaMeetings meetings;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("media warm-up").status(meetings.warmedUp()).build();
    }
}

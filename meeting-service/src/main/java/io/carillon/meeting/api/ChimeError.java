package io.carillon.meeting.api;

/** The error codes of the Chime SDK Meetings API and their HTTP statuses (service model 2021-07-15). */
public enum ChimeError {
    BadRequestException(400),
    LimitExceededException(400),
    TooManyTagsException(400),
    UnauthorizedException(401),
    ForbiddenException(403),
    NotFoundException(404),
    ResourceNotFoundException(404),
    ConflictException(409),
    UnprocessableEntityException(422),
    ThrottlingException(429),
    ServiceFailureException(500),
    ServiceUnavailableException(503);

    private final int status;

    ChimeError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}

package io.carillon.events.state;

/** What an attendee may do with one medium (Chime's MediaCapabilities). */
public enum MediaCapability {
    SendReceive, Send, Receive, None;

    public boolean receives() {
        return this == SendReceive || this == Receive;
    }
}

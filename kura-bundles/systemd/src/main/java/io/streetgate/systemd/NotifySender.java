package io.streetgate.systemd;

import java.io.IOException;

/** Sends one sd_notify message (newline-separated {@code KEY=value} assignments) to the service manager. */
@FunctionalInterface
public interface NotifySender {

    void send(String message) throws IOException;
}

package io.streetgate.systemd;

import io.streetgate.gateway.api.ComponentStatus;

import java.util.List;

/** Where the watchdog reads the gateway's parts as last reported: the gateway's health registry, or a test. */
@FunctionalInterface
public interface HealthSource {

    List<ComponentStatus> snapshot();
}

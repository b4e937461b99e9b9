package io.streetgate.gateway.api;

import io.streetgate.analytics.light.AmbientLight;

import java.util.Optional;

/** What the pipeline knows now, for control loops that run on the node (e.g. the lighting control). */
public interface AnalyticsView {

    /** The smoothed ambient light of a light sensor, with its dark/light state; empty before its first reading. */
    Optional<AmbientLight> ambientLight(String sensorId);
}

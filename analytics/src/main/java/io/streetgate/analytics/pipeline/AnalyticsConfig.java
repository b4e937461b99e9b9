package io.streetgate.analytics.pipeline;

import io.streetgate.analytics.air.AirConfig;
import io.streetgate.analytics.light.LightConfig;
import io.streetgate.analytics.noise.NoiseConfig;
import io.streetgate.analytics.occupancy.OccupancyConfig;
import io.streetgate.analytics.privacy.PrivacyConfig;
import io.streetgate.analytics.quality.QualityConfig;
import io.streetgate.analytics.water.WaterConfig;
import io.streetgate.analytics.window.WindowConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything under the site file's {@code analytics:} key. A capability whose config is null is off.
 *
 * @param quality   {@code analytics.quality}
 * @param windows   {@code analytics.windows}: summaries over every quantity
 * @param air       {@code analytics.air}, or null
 * @param noise     {@code analytics.noise}, or null
 * @param occupancy {@code analytics.occupancy}, or null
 * @param water     {@code analytics.water}, or null
 * @param light     {@code analytics.light}, or null
 * @param privacy     {@code analytics.privacy}: what may leave the node
 * @param forgetAfter {@code analytics.forget-after}: a source silent this long is forgotten by the quality filter
 *                    and every analyzer, so their state is bounded by the sources still reporting
 */
public record AnalyticsConfig(QualityConfig quality, List<WindowConfig> windows, AirConfig air, NoiseConfig noise,
                              OccupancyConfig occupancy, WaterConfig water, LightConfig light, PrivacyConfig privacy,
                              Duration forgetAfter) {

    /** Longer than any analyzer's period (a day at most) plus its allowed lateness (a day at most). */
    public static final Duration MIN_FORGET_AFTER = Duration.ofDays(2);
    public static final Duration MAX_FORGET_AFTER = Duration.ofDays(30);
    public static final Duration DEFAULT_FORGET_AFTER = MIN_FORGET_AFTER;

    public AnalyticsConfig {
        Objects.requireNonNull(quality, "analytics.quality");
        Objects.requireNonNull(windows, "analytics.windows");
        Objects.requireNonNull(privacy, "analytics.privacy");
        Objects.requireNonNull(forgetAfter, "analytics.forget-after");
        if (forgetAfter.compareTo(MIN_FORGET_AFTER) < 0 || forgetAfter.compareTo(MAX_FORGET_AFTER) > 0) {
            throw new IllegalArgumentException("analytics.forget-after = " + forgetAfter + " is not valid: use 2d to "
                    + "30d (longer than any period and its allowed lateness)");
        }
        windows = List.copyOf(windows);
    }

    /** The same analytics with other occupancy settings. */
    public AnalyticsConfig withOccupancy(OccupancyConfig other) {
        return new AnalyticsConfig(quality, windows, air, noise, other, water, light, privacy, forgetAfter);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private QualityConfig quality = QualityConfig.PLAUSIBLE;
        private final List<WindowConfig> windows = new ArrayList<>();
        private AirConfig air;
        private NoiseConfig noise;
        private OccupancyConfig occupancy;
        private WaterConfig water;
        private LightConfig light;
        private PrivacyConfig privacy = PrivacyConfig.denyAll();
        private Duration forgetAfter = DEFAULT_FORGET_AFTER;

        private Builder() {
        }

        public Builder forgetAfter(Duration d) {
            forgetAfter = d;
            return this;
        }

        public Builder quality(QualityConfig c) {
            quality = c;
            return this;
        }

        public Builder window(WindowConfig c) {
            windows.add(c);
            return this;
        }

        public Builder air(AirConfig c) {
            air = c;
            return this;
        }

        public Builder noise(NoiseConfig c) {
            noise = c;
            return this;
        }

        public Builder occupancy(OccupancyConfig c) {
            occupancy = c;
            return this;
        }

        public Builder water(WaterConfig c) {
            water = c;
            return this;
        }

        public Builder light(LightConfig c) {
            light = c;
            return this;
        }

        public Builder privacy(PrivacyConfig c) {
            privacy = c;
            return this;
        }

        public AnalyticsConfig build() {
            return new AnalyticsConfig(quality, windows, air, noise, occupancy, water, light, privacy, forgetAfter);
        }
    }
}

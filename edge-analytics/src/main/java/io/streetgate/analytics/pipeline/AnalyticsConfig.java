package io.streetgate.analytics.pipeline;

import io.streetgate.analytics.air.AirConfig;
import io.streetgate.analytics.light.LightConfig;
import io.streetgate.analytics.noise.NoiseConfig;
import io.streetgate.analytics.occupancy.OccupancyConfig;
import io.streetgate.analytics.privacy.PrivacyConfig;
import io.streetgate.analytics.quality.QualityConfig;
import io.streetgate.analytics.water.WaterConfig;
import io.streetgate.analytics.window.WindowConfig;

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
 * @param privacy   {@code analytics.privacy}: what may leave the node
 */
public record AnalyticsConfig(QualityConfig quality, List<WindowConfig> windows, AirConfig air, NoiseConfig noise,
                              OccupancyConfig occupancy, WaterConfig water, LightConfig light, PrivacyConfig privacy) {

    public AnalyticsConfig {
        Objects.requireNonNull(quality, "analytics.quality");
        Objects.requireNonNull(windows, "analytics.windows");
        Objects.requireNonNull(privacy, "analytics.privacy");
        windows = List.copyOf(windows);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private QualityConfig quality = QualityConfig.NONE;
        private final List<WindowConfig> windows = new ArrayList<>();
        private AirConfig air;
        private NoiseConfig noise;
        private OccupancyConfig occupancy;
        private WaterConfig water;
        private LightConfig light;
        private PrivacyConfig privacy = PrivacyConfig.denyAll();

        private Builder() {
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
            return new AnalyticsConfig(quality, windows, air, noise, occupancy, water, light, privacy);
        }
    }
}

package io.streetgate.sim;

import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;
import io.streetgate.sim.scenario.PoissonArrivals;
import io.streetgate.sim.scenario.SmoothNoise;
import io.streetgate.driver.sun.SolarPosition;
import io.streetgate.sim.scenario.UrbanActivity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A street at a latitude and longitude: daylight that follows the sun, weather with a daily cycle, people
 * walking by, and the traffic, particulates (PM1, PM2.5, PM4, PM10 with a daily traffic pattern), CO2,
 * sound (day/night background and passing vehicles) and household water use of {@link UrbanActivity}, all
 * deterministic for a seed. The weather and light curves are plausible models for
 * exercising the gateway, not climate data: the constants below are typical values, not measurements.
 * Immutable; the {@code with...} methods return changed copies.
 */
public final class StreetScenario implements Scenario {

    // Illuminance at the horizon and at the ends of civil and nautical twilight (typical clear-sky values,
    // e.g. the U.S. Naval Observatory's illuminance tables; verify before relying on them).
    private static final double LUX_AT_SUNSET = 400;
    private static final double LUX_END_CIVIL = 3.4;
    private static final double LUX_END_NAUTICAL = 0.008;
    /** Clear-sky illuminance per unit sine of the elevation with the sun well up (about 100 klx at noon). */
    private static final double LUX_FULL_SUN = 110_000;
    /** Urban sky glow on a moonless night. */
    private static final double LUX_NIGHT_FLOOR = 0.05;

    private static final double STANDARD_PRESSURE = 101_325; // Pa, ISO 2533 standard atmosphere at sea level

    /** PM4 (µg/m³), which the driver API does not name; interned, so the SPS30 driver's is the same object. */
    public static final Quantity PM4 = Quantity.define("pm4", Unit.MICROGRAM_PER_CUBIC_METRE);

    private final double latitude;
    private final double longitude;
    private final long seed;
    private final SolarPosition sun;
    private final double meanTemperature;
    private final double dailyRange;
    private final double seasonalSwing;
    private final double meanHumidity;
    private final double walkersPerHourByDay;
    private final double walkersPerHourByNight;
    private final SmoothNoise cloud;
    private final SmoothNoise weatherTemperature;
    private final SmoothNoise weatherHumidity;
    private final SmoothNoise pressureFronts;
    private final SmoothNoise pressureRipple;
    private final PoissonArrivals walkers;
    private final UrbanActivity activity;

    /**
     * A temperate street: mean 11 °C with a 6 K daily range and ±8 K over the year, 75 %RH, 60 people an
     * hour by day and 4 by night.
     *
     * @param latitude  degrees north, -90..90
     * @param longitude degrees east, -180..180
     * @param seed      the same seed gives the same street
     */
    public StreetScenario(double latitude, double longitude, long seed) {
        this(latitude, longitude, seed, 11, 6, 8, 75, 60, 4);
    }

    private StreetScenario(double latitude, double longitude, long seed, double meanTemperature,
                           double dailyRange, double seasonalSwing, double meanHumidity,
                           double walkersPerHourByDay, double walkersPerHourByNight) {
        this.sun = new SolarPosition(latitude, longitude);
        this.latitude = latitude;
        this.longitude = longitude;
        this.seed = seed;
        this.meanTemperature = meanTemperature;
        this.dailyRange = dailyRange;
        this.seasonalSwing = seasonalSwing;
        this.meanHumidity = meanHumidity;
        this.walkersPerHourByDay = walkersPerHourByDay;
        this.walkersPerHourByNight = walkersPerHourByNight;
        this.cloud = new SmoothNoise(seed ^ 0x1L, Duration.ofHours(3));
        this.weatherTemperature = new SmoothNoise(seed ^ 0x2L, Duration.ofHours(9));
        this.weatherHumidity = new SmoothNoise(seed ^ 0x3L, Duration.ofHours(5));
        this.pressureFronts = new SmoothNoise(seed ^ 0x4L, Duration.ofHours(30));
        this.pressureRipple = new SmoothNoise(seed ^ 0x5L, Duration.ofHours(4));
        this.walkers = new PoissonArrivals(seed, this::walkersPerHour);
        this.activity = new UrbanActivity(seed, longitude);
    }

    /**
     * The same street with another climate.
     *
     * @param meanTemperature annual mean, °C
     * @param dailyRange      difference between the afternoon high and the pre-dawn low, K
     * @param seasonalSwing   amplitude of the yearly cycle, K (peak in late July north of the equator)
     * @param meanHumidity    mean relative humidity, %
     */
    public StreetScenario withClimate(double meanTemperature, double dailyRange, double seasonalSwing,
                                      double meanHumidity) {
        return new StreetScenario(latitude, longitude, seed, meanTemperature, dailyRange, seasonalSwing,
                meanHumidity, walkersPerHourByDay, walkersPerHourByNight);
    }

    /** The same street with other footfall: people per hour while the sun is above civil twilight, and after. */
    public StreetScenario withFootfall(double perHourByDay, double perHourByNight) {
        if (!(perHourByDay >= 0 && perHourByNight >= 0)) {
            throw new IllegalArgumentException("footfall " + perHourByDay + "/" + perHourByNight
                    + " per hour must not be negative");
        }
        return new StreetScenario(latitude, longitude, seed, meanTemperature, dailyRange, seasonalSwing,
                meanHumidity, perHourByDay, perHourByNight);
    }

    public double latitude() {
        return latitude;
    }

    public double longitude() {
        return longitude;
    }

    public long seed() {
        return seed;
    }

    /** The sun's elevation here, degrees. */
    public double solarElevation(Instant at) {
        return sun.elevation(at);
    }

    /** Whether it is day for the street: the sun above the end of civil twilight. */
    public boolean isDay(Instant at) {
        return sun.elevation(at) > SolarPosition.CIVIL_TWILIGHT_ELEVATION;
    }

    /** Cloud cover 0..1. */
    public double cloudCover(Instant at) {
        return (cloud.at(at) + 1) / 2;
    }

    @Override
    public double ambientLux(Instant at) {
        double elevation = sun.elevation(at);
        double clearSky;
        if (elevation >= 0) {
            clearSky = LUX_AT_SUNSET + LUX_FULL_SUN * Math.sin(Math.toRadians(elevation));
        } else if (elevation >= SolarPosition.CIVIL_TWILIGHT_ELEVATION) {
            clearSky = logBetween(LUX_AT_SUNSET, LUX_END_CIVIL, elevation / SolarPosition.CIVIL_TWILIGHT_ELEVATION);
        } else if (elevation >= SolarPosition.NAUTICAL_TWILIGHT_ELEVATION) {
            double f = (elevation - SolarPosition.CIVIL_TWILIGHT_ELEVATION)
                    / (SolarPosition.NAUTICAL_TWILIGHT_ELEVATION - SolarPosition.CIVIL_TWILIGHT_ELEVATION);
            clearSky = logBetween(LUX_END_CIVIL, LUX_END_NAUTICAL, f);
        } else {
            clearSky = 0;
        }
        double overcast = 1 - 0.75 * cloudCover(at); // thick cloud lets a quarter through
        return Math.max(LUX_NIGHT_FLOOR, clearSky * overcast);
    }

    @Override
    public double temperature(Instant at) {
        double solarHour = solarHour(at);
        // warmest about 15:00 solar time, coldest before dawn
        double daily = dailyRange / 2 * Math.cos(2 * Math.PI * (solarHour - 15) / 24);
        return seasonalMean(at) + daily + 2.5 * weatherTemperature.at(at);
    }

    @Override
    public double relativeHumidity(Instant at) {
        // warm afternoons are drier: relative humidity falls as the air warms over the day's mean
        double rh = meanHumidity - 3.0 * (temperature(at) - seasonalMean(at)) + 10 * weatherHumidity.at(at);
        return Math.max(15, Math.min(100, rh));
    }

    @Override
    public double pressure(Instant at) {
        return STANDARD_PRESSURE + 1500 * pressureFronts.at(at) + 200 * pressureRipple.at(at);
    }

    @Override
    public List<Instant> passersBy(String zone, Instant from, Instant to) {
        Objects.requireNonNull(zone, "zone");
        return walkers.between(zone, from, to);
    }

    /** Road traffic, water use and what they bring: see {@link UrbanActivity}. */
    public UrbanActivity activity() {
        return activity;
    }

    /**
     * Also PM1, PM2.5, PM4, PM10 (µg/m³), CO2 (ppm), sound level (dBA) and water flow (m³/s) from
     * {@link UrbanActivity}; sound and water depend on the zone (each place has its own vehicles and draws).
     */
    @Override
    public OptionalDouble value(Quantity quantity, String zone, Instant at) {
        if (quantity == Quantity.PM1) {
            return OptionalDouble.of(activity.pm1(at));
        }
        if (quantity == Quantity.PM2_5) {
            return OptionalDouble.of(activity.pm2_5(at));
        }
        if (quantity == PM4) {
            return OptionalDouble.of(activity.pm4(at));
        }
        if (quantity == Quantity.PM10) {
            return OptionalDouble.of(activity.pm10(at));
        }
        if (quantity == Quantity.CO2) {
            return OptionalDouble.of(activity.co2(at));
        }
        if (quantity == Quantity.SOUND_LEVEL) {
            return OptionalDouble.of(activity.soundLevel(zone, at));
        }
        if (quantity == Quantity.FLOW) {
            return OptionalDouble.of(activity.waterFlow(zone, at));
        }
        return Scenario.super.value(quantity, zone, at);
    }

    private double walkersPerHour(Instant at) {
        return isDay(at) ? walkersPerHourByDay : walkersPerHourByNight;
    }

    private double seasonalMean(Instant at) {
        int dayOfYear = at.atZone(ZoneOffset.UTC).getDayOfYear();
        double north = Math.cos(2 * Math.PI * (dayOfYear - 201) / 365.25); // 201 = about 20 July
        return meanTemperature + seasonalSwing * (latitude >= 0 ? north : -north);
    }

    private double solarHour(Instant at) {
        double utcHours = Math.floorMod(at.toEpochMilli(), 86_400_000L) / 3_600_000.0;
        double hour = (utcHours + longitude / 15) % 24;
        return hour < 0 ? hour + 24 : hour;
    }

    private static double logBetween(double from, double to, double fraction) {
        return Math.exp(Math.log(from) + (Math.log(to) - Math.log(from)) * fraction);
    }
}

package io.streetgate.driver.sun;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The sun's elevation for a place and an instant, by NOAA's solar position equations (NOAA Global
 * Monitoring Laboratory, "Solar Calculation Details" and its spreadsheet, after Meeus, Astronomical
 * Algorithms); good to about a minute of time for dates between 1901 and 2099. The elevation is geometric:
 * sunrise and sunset are at {@link #SUNRISE_ELEVATION}, which allows for refraction and the sun's radius.
 * The one model of the sun in streetgate: the lighting control's astronomical clock and the simulated street's
 * daylight both use it. Immutable.
 */
public final class SolarPosition {

    /** Elevation of the sun's centre at sunrise and sunset, degrees (refraction 34' + radius 16'). */
    public static final double SUNRISE_ELEVATION = -0.833;
    /** Civil twilight ends when the sun's centre is 6 degrees below the horizon. */
    public static final double CIVIL_TWILIGHT_ELEVATION = -6.0;
    /** Nautical twilight ends 12 degrees below the horizon. */
    public static final double NAUTICAL_TWILIGHT_ELEVATION = -12.0;

    private final double latitude;
    private final double longitude;

    /**
     * @param latitude  degrees north, -90..90
     * @param longitude degrees east, -180..180
     */
    public SolarPosition(double latitude, double longitude) {
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude " + latitude + " is outside -90..90 (degrees north)");
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude " + longitude + " is outside -180..180 (degrees east)");
        }
        this.latitude = latitude;
        this.longitude = longitude;
    }

    /** The sun's geometric elevation above the horizon in degrees (negative below it). */
    public double elevation(Instant at) {
        double julianDay = at.toEpochMilli() / 86_400_000.0 + 2_440_587.5;
        double t = (julianDay - 2_451_545.0) / 36_525.0; // Julian centuries since J2000.0

        double meanLongitude = mod360(280.46646 + t * (36000.76983 + t * 0.0003032));
        double meanAnomaly = 357.52911 + t * (35999.05029 - 0.0001537 * t);
        double eccentricity = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
        double m = Math.toRadians(meanAnomaly);
        double centre = Math.sin(m) * (1.914602 - t * (0.004817 + 0.000014 * t))
                + Math.sin(2 * m) * (0.019993 - 0.000101 * t)
                + Math.sin(3 * m) * 0.000289;
        double omega = Math.toRadians(125.04 - 1934.136 * t);
        double apparentLongitude = meanLongitude + centre - 0.00569 - 0.00478 * Math.sin(omega);
        double meanObliquity = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
        double obliquity = Math.toRadians(meanObliquity + 0.00256 * Math.cos(omega));
        double declination = Math.asin(Math.sin(obliquity) * Math.sin(Math.toRadians(apparentLongitude)));

        double y = Math.pow(Math.tan(obliquity / 2), 2);
        double l0 = Math.toRadians(meanLongitude);
        double equationOfTimeMinutes = 4 * Math.toDegrees(y * Math.sin(2 * l0)
                - 2 * eccentricity * Math.sin(m)
                + 4 * eccentricity * y * Math.sin(m) * Math.cos(2 * l0)
                - 0.5 * y * y * Math.sin(4 * l0)
                - 1.25 * eccentricity * eccentricity * Math.sin(2 * m));

        double utcMinutes = Math.floorMod(at.toEpochMilli(), 86_400_000L) / 60_000.0;
        double trueSolarMinutes = mod(utcMinutes + equationOfTimeMinutes + 4 * longitude, 1440);
        double hourAngle = trueSolarMinutes / 4 < 0 ? trueSolarMinutes / 4 + 180 : trueSolarMinutes / 4 - 180;

        double lat = Math.toRadians(latitude);
        double cosZenith = Math.sin(lat) * Math.sin(declination)
                + Math.cos(lat) * Math.cos(declination) * Math.cos(Math.toRadians(hourAngle));
        return 90 - Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cosZenith))));
    }

    /**
     * The first instant after {@code from} (within {@code horizon}) at which the sun's elevation crosses
     * {@code elevation} in the given direction, to the second: e.g. sunset is the downward crossing of
     * {@link #SUNRISE_ELEVATION}, the end of civil dusk the downward crossing of
     * {@link #CIVIL_TWILIGHT_ELEVATION}. Empty when it does not cross (polar day or night).
     */
    public Optional<Instant> nextCrossing(Instant from, double elevation, boolean rising, Duration horizon) {
        // the elevation changes by at most 0.25 degree a minute, so a crossing between two samples ten minutes
        // apart is never missed unless the sun turns back within them (only near a pole at the solstice)
        long step = Duration.ofMinutes(10).toMillis();
        long start = from.toEpochMilli();
        long end = start + horizon.toMillis();
        double before = elevation(from) - elevation;
        for (long t = start; t < end; t += step) {
            long next = Math.min(t + step, end);
            double after = elevation(Instant.ofEpochMilli(next)) - elevation;
            boolean crossed = rising ? before < 0 && after >= 0 : before >= 0 && after < 0;
            if (crossed) {
                long lo = t;
                long hi = next;
                while (hi - lo > 1000) {
                    long mid = (lo + hi) >>> 1;
                    double m = elevation(Instant.ofEpochMilli(mid)) - elevation;
                    if (rising == (m < 0)) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                return Optional.of(Instant.ofEpochMilli(hi));
            }
            before = after;
        }
        return Optional.empty();
    }

    /** The next sunset (the sun's centre sinking through {@link #SUNRISE_ELEVATION}) within a day of {@code from}. */
    public Optional<Instant> nextSunset(Instant from) {
        return nextCrossing(from, SUNRISE_ELEVATION, false, Duration.ofDays(1));
    }

    /** The next sunrise within a day of {@code from}. */
    public Optional<Instant> nextSunrise(Instant from) {
        return nextCrossing(from, SUNRISE_ELEVATION, true, Duration.ofDays(1));
    }

    private static double mod360(double degrees) {
        return mod(degrees, 360);
    }

    private static double mod(double value, double modulus) {
        double r = value % modulus;
        return r < 0 ? r + modulus : r;
    }
}

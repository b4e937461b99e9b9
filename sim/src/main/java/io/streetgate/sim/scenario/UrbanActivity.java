package io.streetgate.sim.scenario;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * What people and traffic do to a street, as deterministic functions of time for a seed: road traffic with
 * weekday rush hours, the particulates and CO2 it adds to a regional background, the sound of passing
 * vehicles over a day/night background, and water drawn through a household meter (a small night minimum
 * and occasional use). Plausible models for exercising the gateway; the constants are typical values, not
 * measurements, and carry no source.
 */
public final class UrbanActivity {

    /** How far apart in time a vehicle's pass and a sample may be and still count (its sound has died away). */
    private static final Duration VEHICLE_REACH = Duration.ofSeconds(30);
    /** The longest water draw (a bath), so a flow sample looks back this far for draws still running. */
    private static final Duration LONGEST_DRAW = Duration.ofMinutes(12);

    private final long seed;
    private final double longitude;
    private final SmoothNoise regionalPm;
    private final SmoothNoise co2Noise;
    private final PoissonArrivals vehicles;
    private final PoissonArrivals draws;

    public UrbanActivity(long seed, double longitude) {
        this.seed = seed;
        this.longitude = longitude;
        this.regionalPm = new SmoothNoise(seed ^ 0x11L, Duration.ofHours(18));
        this.co2Noise = new SmoothNoise(seed ^ 0x12L, Duration.ofHours(2));
        this.vehicles = new PoissonArrivals(seed ^ 0x13L, at -> 20 + 700 * traffic(at));
        this.draws = new PoissonArrivals(seed ^ 0x14L, this::drawsPerHour);
    }

    /** Local mean solar time of day, hours 0..24 (close enough to clock time for traffic patterns). */
    double localHour(Instant at) {
        double utcHours = Math.floorMod(at.toEpochMilli(), 86_400_000L) / 3_600_000.0;
        double hour = (utcHours + longitude / 15) % 24;
        return hour < 0 ? hour + 24 : hour;
    }

    /**
     * Road traffic, 0..1 of the street's peak: rush hours about 08:00 and 17:30 on weekdays, a daytime
     * plateau, a quiet night (and weekends with a late, gentle morning).
     */
    public double traffic(Instant at) {
        double h = localHour(at);
        DayOfWeek day = at.plusSeconds((long) (longitude / 15 * 3600)).atZone(ZoneOffset.UTC).getDayOfWeek();
        boolean weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
        double morning = weekend ? 0.3 * bump(h, 11, 2.5) : bump(h, 8, 1.2);
        double evening = (weekend ? 0.5 : 0.9) * bump(h, 17.5, 1.8);
        double daytime = 0.45 * smoothStep(h, 6, 8) * (1 - smoothStep(h, 20, 23));
        return Math.min(1, 0.04 + Math.max(daytime, Math.max(morning, evening)));
    }

    /** PM2.5, µg/m³: a slowly wandering regional background plus what traffic adds. */
    public double pm2_5(Instant at) {
        return 5 + 4 * (regionalPm.at(at) + 1) + 14 * traffic(at);
    }

    /** PM1, µg/m³: most fine particles are below 1 µm. */
    public double pm1(Instant at) {
        return 0.75 * pm2_5(at);
    }

    /** PM10, µg/m³: fine particles plus road dust that traffic stirs up. */
    public double pm10(Instant at) {
        return 1.5 * pm2_5(at) + 8 * traffic(at);
    }

    /** PM4, µg/m³: between PM2.5 and PM10. */
    public double pm4(Instant at) {
        return pm2_5(at) + 0.3 * (pm10(at) - pm2_5(at));
    }

    /** CO2 at street level, ppm: the outdoor background, exhaust, and a shallow night-time boundary layer. */
    public double co2(Instant at) {
        double night = 1 - smoothStep(localHour(at), 6, 9) + smoothStep(localHour(at), 21, 24);
        return 418 + 45 * traffic(at) + 12 * Math.min(1, night) + 6 * co2Noise.at(at);
    }

    /**
     * A-weighted sound level at the kerb, dBA: a background of 42 dBA at night and 52 dBA by day, and each
     * passing vehicle peaking at 68-78 dBA and falling off as it drives away (energy sum).
     */
    public double soundLevel(String zone, Instant at) {
        double h = localHour(at);
        double background = 42 + 10 * smoothStep(h, 5, 8) * (1 - smoothStep(h, 21, 23.5));
        double energy = Math.pow(10, background / 10);
        for (Instant pass : vehicles.between(zone, at.minus(VEHICLE_REACH), at.plus(VEHICLE_REACH))) {
            double peak = 68 + 10 * unit(pass, 1);
            double seconds = Duration.between(pass, at).toMillis() / 1000.0;
            double level = peak - 10 * Math.log10(1 + seconds * seconds / 4); // a passing point source, 2 s closest approach
            energy += Math.pow(10, level / 10);
        }
        return 10 * Math.log10(energy);
    }

    /**
     * Water flow through a household meter, m³/s: a night minimum of 1.5 l/h (a dripping cistern) plus the
     * draws running at that instant (toilet flushes, taps, showers, a washing machine), more of them in the
     * morning and evening.
     */
    public double waterFlow(String zone, Instant at) {
        double litresPerSecond = 1.5 / 3600;
        for (Instant start : draws.between(zone, at.minus(LONGEST_DRAW), at.plusMillis(1))) {
            double[] draw = draw(start);
            double seconds = Duration.between(start, at).toMillis() / 1000.0;
            if (seconds >= 0 && seconds < draw[1]) {
                litresPerSecond += draw[0];
            }
        }
        return litresPerSecond / 1000;
    }

    /** The rate (l/s) and duration (s) of the draw that starts at an instant. */
    private double[] draw(Instant start) {
        double pick = unit(start, 2);
        if (pick < 0.45) {
            return new double[] {0.1, 60}; // a toilet flush: 6 l
        }
        if (pick < 0.8) {
            return new double[] {0.08, 20 + 60 * unit(start, 3)}; // a tap
        }
        if (pick < 0.95) {
            return new double[] {0.15, 300 + 240 * unit(start, 4)}; // a shower: 45-80 l
        }
        return new double[] {0.12, 720}; // a bath or a washing machine filling
    }

    private double drawsPerHour(Instant at) {
        double h = localHour(at);
        return 0.2 + 5 * bump(h, 7.5, 1.2) + 3 * bump(h, 19.5, 2) + 1.2 * smoothStep(h, 9, 10) * (1 - smoothStep(h, 22, 23));
    }

    /** A uniform number in 0..1 fixed by an instant and a purpose. */
    private double unit(Instant at, long purpose) {
        return new SplittableRandom(SmoothNoise.mix(seed ^ at.toEpochMilli() * 31 + purpose)).nextDouble();
    }

    private static double bump(double h, double centre, double width) {
        double d = (h - centre) / width;
        return Math.exp(-d * d);
    }

    private static double smoothStep(double h, double from, double to) {
        double x = Math.max(0, Math.min(1, (h - from) / (to - from)));
        return x * x * (3 - 2 * x);
    }
}

package io.streetgate.drivers.pi4j.pms5003;

/**
 * The thirteen data words of a PMS5003 frame (data manual, appendix I): PM1.0, PM2.5, PM10 in µg/m³ "CF=1,
 * standard particle" (words 1-3) and "under atmospheric environment" (4-6), the number of particles larger
 * than 0.3, 0.5, 1.0, 2.5, 5.0 and 10 µm in 0.1 l of air (7-12), and a reserved word.
 */
public record Pms5003Frame(int[] words) {

    public Pms5003Frame {
        words = words.clone();
    }

    public int pm1Cf1() {
        return words[0];
    }

    public int pm2_5Cf1() {
        return words[1];
    }

    public int pm10Cf1() {
        return words[2];
    }

    public int pm1() {
        return words[3];
    }

    public int pm2_5() {
        return words[4];
    }

    public int pm10() {
        return words[5];
    }

    /** Particles larger than the i-th size (0.3, 0.5, 1.0, 2.5, 5.0, 10 µm) in 0.1 l. */
    public int countPerDecilitre(int size) {
        return words[6 + size];
    }
}

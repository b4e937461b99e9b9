package io.streetgate.drivers.pi4j.scan;

import com.pi4j.context.Context;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.pi4j.sensirion.SensirionI2c;
import io.streetgate.drivers.pi4j.sps30.Sps30Driver;
import io.streetgate.drivers.pi4j.support.I2cDevice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which I2C addresses answer on a bus, and what is likely there, for {@code streetgate scan}. Like
 * {@code i2cdetect}, it probes 0x03..0x77 one address at a time with the least intrusive transfer: a one-byte
 * read (i2cdetect's read mode; Pi4J offers no SMBus quick write, and i2cdetect itself reads where a write
 * could harm, at EEPROM addresses). Sensirion sensors acknowledge no read without a command before it, so at
 * their addresses the scan sends their harmless identity command instead (read serial number). Where a chip
 * has an identity it can be asked for without changing its state, the scan asks and checks it: the BME280's
 * chip id, the VEML7700's id register, the Sensirion serial numbers with their CRCs, the ADS1115's config
 * register at its reset value.
 */
public final class I2cScan {

    /** The first and last address a 7-bit scan probes (0x00-0x02 and 0x78-0x7F are reserved, I2C spec 3.1.12). */
    public static final int FIRST = 0x03;
    public static final int LAST = 0x77;

    /**
     * One address that answered.
     *
     * @param address   the 7-bit address
     * @param likely    the chips usually found there (empty when none is known)
     * @param confirmed the chip its identity confirms, empty when it has none or it did not match
     * @param detail    what the identity read gave, or why it could not be checked
     */
    public record Found(int address, List<String> likely, String confirmed, String detail) {
        public Found {
            likely = List.copyOf(likely);
        }

        public String hex() {
            return String.format("0x%02X", address);
        }

        /** What it probably is, for a technician: {@code SHT4x (confirmed)}, {@code BME280 or BMP280 (likely)}. */
        public String chip() {
            return !confirmed.isEmpty() ? confirmed + " (confirmed)"
                    : likely.isEmpty() ? "unknown chip" : String.join(" or ", likely) + " (likely)";
        }
    }

    /** The chips commonly found at an address (those this gateway drives first). */
    static final Map<Integer, List<String>> LIKELY = Map.ofEntries(
            Map.entry(0x10, List.of("VEML7700")),
            Map.entry(0x23, List.of("BH1750")),
            Map.entry(0x5C, List.of("BH1750")),
            Map.entry(0x3C, List.of("SSD1306 display")),
            Map.entry(0x40, List.of("INA219", "HDC1080")),
            Map.entry(0x44, List.of("SHT4x", "SHT3x")),
            Map.entry(0x45, List.of("SHT4x", "SHT3x")),
            Map.entry(0x46, List.of("SHT4x")),
            Map.entry(0x48, List.of("ADS1115", "TMP102")),
            Map.entry(0x49, List.of("ADS1115", "TMP102")),
            Map.entry(0x4A, List.of("ADS1115")),
            Map.entry(0x4B, List.of("ADS1115")),
            Map.entry(0x50, List.of("EEPROM")),
            Map.entry(0x62, List.of("SCD4x")),
            Map.entry(0x68, List.of("DS3231 clock", "MPU6050")),
            Map.entry(0x69, List.of("SPS30")),
            Map.entry(0x76, List.of("BME280", "BMP280")),
            Map.entry(0x77, List.of("BME280", "BMP280")));

    private I2cScan() {
    }

    /**
     * Probes every address of a bus.
     *
     * @throws DriverException BUS when the bus itself is missing (every address then fails the same way)
     */
    public static List<Found> scan(Context pi4j, int bus) throws DriverException {
        List<Found> found = new ArrayList<>();
        for (int address = FIRST; address <= LAST; address++) {
            Optional<Found> answer = probe(pi4j, bus, address);
            answer.ifPresent(found::add);
        }
        return found;
    }

    static Optional<Found> probe(Context pi4j, int bus, int address) throws DriverException {
        List<String> likely = LIKELY.getOrDefault(address, List.of());
        try (I2cDevice device = I2cDevice.open(pi4j, String.format("scan-%d-%02x", bus, address), bus, address)) {
            Identity identity = switch (address) {
                case 0x44, 0x45, 0x46 -> sensirion(device, "SHT4x", 1, 0x89, 2);
                case 0x62 -> scd4x(device);
                case 0x69 -> sensirion(device, "SPS30", 2, 0xD033, 16);
                default -> {
                    device.read(new byte[1], "probing"); // i2cdetect -r: a one-byte read
                    yield identify(device, address);
                }
            };
            return Optional.of(new Found(address, likely, identity.chip(), identity.detail()));
        } catch (DriverException e) {
            return switch (e.fault()) {
                case NO_DEVICE -> Optional.empty();
                case TIMEOUT -> Optional.of(new Found(address, likely, "", "holds the bus: " + e.getMessage()));
                default -> throw e;
            };
        }
    }

    private record Identity(String chip, String detail) {
        static Identity none(String detail) {
            return new Identity("", detail);
        }
    }

    private static Identity identify(I2cDevice device, int address) throws DriverException {
        return switch (address) {
            case 0x76, 0x77 -> {
                int id = device.readRegister(0xD0, "reading the chip id"); // BME280 datasheet 5.4.1
                yield switch (id) {
                    case 0x60 -> new Identity("BME280", "chip id 0x60");
                    case 0x58 -> new Identity("BMP280", "chip id 0x58");
                    default -> Identity.none(String.format("chip id 0x%02X: not a BME280/BMP280", id));
                };
            }
            case 0x10 -> {
                byte[] id = new byte[2];
                device.readRegisters(0x07, id, "reading the id register"); // VEML7700 ID, low byte 0x81 (verify)
                int value = (id[0] & 0xFF) | (id[1] & 0xFF) << 8;
                yield (value & 0xFF) == 0x81 ? new Identity("VEML7700", String.format("id 0x%04X", value))
                        : Identity.none(String.format("id register 0x%04X: not a VEML7700", value));
            }
            case 0x48, 0x49, 0x4A, 0x4B -> {
                byte[] config = new byte[2];
                device.readRegisters(0x01, config, "reading the config register"); // ADS111x 8.6.3, reset 0x8583
                int value = (config[0] & 0xFF) << 8 | (config[1] & 0xFF);
                yield value == 0x8583 ? new Identity("ADS1115", "config 0x8583, its reset value")
                        : Identity.none(String.format("config 0x%04X (an ADS1115 already configured, or another chip)", value));
            }
            default -> Identity.none("");
        };
    }

    /** A Sensirion sensor: its serial-number command must be acknowledged, and the reply's CRCs must match. */
    private static Identity sensirion(I2cDevice device, String chip, int commandLength, int command, int words)
            throws DriverException {
        SensirionI2c bus = new SensirionI2c(device);
        if (commandLength == 1) {
            bus.command8(command, "asking for the serial number");
        } else {
            bus.command(command, "asking for the serial number");
        }
        pause();
        try {
            int[] serial = bus.readWords(words, "reading the serial number");
            return new Identity(chip, "serial " + serialText(serial, chip.equals("SPS30")));
        } catch (DriverException e) {
            if (e.fault() == DriverFault.CHECKSUM) {
                return Identity.none("answers, but its serial number fails its CRC: " + e.getMessage());
            }
            throw e;
        }
    }

    /** An SCD4x refuses its serial number while measuring periodically; its data-ready status still answers. */
    private static Identity scd4x(I2cDevice device) throws DriverException {
        try {
            return sensirion(device, "SCD4x", 2, 0x3682, 3);
        } catch (DriverException e) {
            if (e.fault() != DriverFault.NO_DEVICE) {
                throw e;
            }
            new SensirionI2c(device).command(0xE4B8, "asking for the data-ready status");
            pause();
            new SensirionI2c(device).readWords(1, "reading the data-ready status");
            return Identity.none("answers its data-ready status but not its serial number: an SCD4x measuring "
                    + "periodically (its serial number can only be read while it idles)");
        }
    }

    private static String serialText(int[] words, boolean ascii) {
        if (ascii) {
            return Sps30Driver.ascii(words);
        }
        StringBuilder text = new StringBuilder();
        for (int word : words) {
            text.append(String.format("%04X", word));
        }
        return text.toString();
    }

    /** Sensirion commands execute within 1 ms before the reply can be read. */
    private static void pause() throws DriverException {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(DriverFault.TIMEOUT, "interrupted while scanning", e);
        }
    }
}

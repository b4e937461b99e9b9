package io.streetgate.sim.plant;

import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.Quantity;
import io.streetgate.sim.StreetScenario;
import io.streetgate.sim.bus.SimBoard;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * The street with what the gateway controls in it: the street's own scenario, plus cabinets whose
 * temperature and CO2 the sensors in their zone read, and lamps that draw power. Built before the simulated
 * street (its chips read their values from here), then {@link #connect connected} to the board whose outputs
 * the gateway's actuator drivers set: a {@code pwm_dimmer} actuator is its PWM channel's duty, any other (a
 * {@code relay}) its GPIO line. It is told the lamps and cabinets in its own terms ({@link Lamp}, {@link Cabinet}):
 * the simulated platform reads them from the site file's control section, so the simulator needs nothing of the
 * control's configuration.
 */
public final class PlantScenario implements io.streetgate.sim.Scenario {

    private final StreetScenario street;
    private final Map<String, CabinetModel> cabinets = new LinkedHashMap<>();
    private final Map<String, LampModel> lamps = new LinkedHashMap<>();

    /**
     * A lamp the gateway dims or switches.
     *
     * @param id    its actuator's id
     * @param watts the input power its driver draws at a level 0..1 (0: off, standby), W
     */
    public record Lamp(String id, DoubleUnaryOperator watts) {
    }

    /**
     * A street cabinet the gateway heats, cools or ventilates.
     *
     * @param temperatureSensor the sensor that reads its temperature; the cabinet is that sensor's zone
     * @param heater            the heater's actuator id, if it has one
     * @param cooler            the cooler's actuator id, if it has one
     * @param fan               the fan's actuator id, if it has one
     */
    public record Cabinet(String temperatureSensor, Optional<String> heater, Optional<String> cooler,
                          Optional<String> fan) {
    }

    public PlantScenario(StreetScenario street) {
        this.street = street;
    }

    /**
     * Puts the lamps and cabinets of the control configuration on the board.
     *
     * @param actuators   the site file's actuators (their addresses name the outputs)
     * @param lampsToWire the lamps; one whose actuator is not in {@code actuators} is left out
     * @param cabinetsToWire the cabinets, each the zone of its temperature sensor
     * @param sensorZones each sensor's zone (its {@code zone} option, else its id): a cabinet is the zone of its
     *                    temperature sensor
     */
    public synchronized void connect(SimBoard board, List<DeviceConfig> actuators, List<Lamp> lampsToWire,
                                     List<Cabinet> cabinetsToWire, Map<String, String> sensorZones, Instant start) {
        Map<String, DeviceConfig> byId = new LinkedHashMap<>();
        actuators.forEach(a -> byId.put(a.id(), a));
        for (Lamp lamp : lampsToWire) {
            DeviceConfig d = byId.get(lamp.id());
            if (d != null) {
                lamps.put(lamp.id(), new LampModel(lamp.id(), lamp.watts(), level(board, d)));
            }
        }
        for (Cabinet zone : cabinetsToWire) {
            DoubleSupplier off = () -> 0;
            DoubleSupplier heater = zone.heater().map(byId::get).map(d -> level(board, d)).orElse(off);
            DoubleSupplier cooler = zone.cooler().map(byId::get).map(d -> level(board, d)).orElse(off);
            DoubleSupplier fan = zone.fan().map(byId::get).map(d -> level(board, d)).orElse(off);
            CabinetModel cabinet = new CabinetModel(CabinetModel.Spec.streetCabinet(), new CabinetModel.Inputs(
                    street::temperature, at -> CabinetModel.clearSkyIrradiance(street.solarElevation(at))
                    * (1 - 0.75 * street.cloudCover(at)), at -> 0, () -> heater.getAsDouble() > 0,
                    () -> cooler.getAsDouble() > 0, fan), start);
            cabinets.put(sensorZones.getOrDefault(zone.temperatureSensor(), zone.temperatureSensor()), cabinet);
        }
    }

    /** What an actuator's output on the board is at: a PWM dimmer's channel, any other's GPIO line. */
    static DoubleSupplier level(SimBoard board, DeviceConfig actuator) {
        return actuator.type().equals("pwm_dimmer") ? LampModel.pwmLevel(board, actuator.address())
                : LampModel.relayLevel(board, actuator.address());
    }

    /** The lamps' input power now, W. */
    public synchronized double lampWatts(Instant at) {
        return lamps.values().stream().mapToDouble(l -> l.watts(at)).sum();
    }

    /** The lamps' energy since they were connected, Wh. */
    public synchronized double lampEnergyWh(Instant at) {
        return lamps.values().stream().mapToDouble(l -> l.energyWh(at)).sum();
    }

    public synchronized Optional<CabinetModel> cabinet(String zone) {
        return Optional.ofNullable(cabinets.get(zone));
    }

    public StreetScenario street() {
        return street;
    }

    @Override
    public double ambientLux(Instant at) {
        return street.ambientLux(at);
    }

    @Override
    public double temperature(Instant at) {
        return street.temperature(at);
    }

    @Override
    public double relativeHumidity(Instant at) {
        return street.relativeHumidity(at);
    }

    @Override
    public double pressure(Instant at) {
        return street.pressure(at);
    }

    @Override
    public List<Instant> passersBy(String zone, Instant from, Instant to) {
        return street.passersBy(zone, from, to);
    }

    /** Temperature and CO2 in a cabinet's zone come from the cabinet; everything else from the street. */
    @Override
    public OptionalDouble value(Quantity quantity, String zone, Instant at) {
        CabinetModel cabinet;
        synchronized (this) {
            cabinet = cabinets.get(zone);
        }
        if (cabinet != null && quantity == Quantity.TEMPERATURE) {
            return OptionalDouble.of(cabinet.temperature(at));
        }
        if (cabinet != null && quantity == Quantity.CO2) {
            return OptionalDouble.of(cabinet.co2(at));
        }
        return street.value(quantity, zone, at);
    }
}

package io.streetgate.drivers.modbus.map;

import io.streetgate.driver.Quantity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A device model described in data: its entries, how it may be polled and which addresses it refuses. Made by
 * {@link RegisterMapLoader} from a map file; immutable.
 *
 * @param type        the device type name a site file uses ({@code eastron-sdm630})
 * @param model       the model, for people and {@code DeviceInfo}
 * @param description one line
 * @param points      the entries, in file order; names are unique
 * @param polling     request limits
 * @param refused     addresses the device answers with "illegal data address" and a read must not cover
 * @param source      where the map came from (a resource or file path), for messages
 */
public record RegisterMap(String type, String model, String description, List<Point> points, Polling polling,
                          List<AddressRange> refused, String source) {

    public RegisterMap {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(polling, "polling");
        points = List.copyOf(points);
        refused = List.copyOf(refused);
        Map<String, Point> byName = new LinkedHashMap<>();
        for (Point p : points) {
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("map " + type + ": entry '" + p.name() + "' is defined twice");
            }
        }
    }

    public Optional<Point> point(String name) {
        return points.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The entries that produce readings, in file order. */
    public List<Point> measured() {
        return points.stream().filter(Point::isMeasured).toList();
    }

    /** The entries an actuator may write. */
    public List<Point> writable() {
        return points.stream().filter(Point::isWritable).toList();
    }

    /** The entries a poll reads: the measured ones and the status registers that flag them. */
    public List<Point> polled() {
        return points.stream().filter(p -> p.isMeasured() || p.status()).toList();
    }

    /** What the device's readings measure, each once, in file order. */
    public List<Quantity> quantities() {
        return measured().stream().map(Point::quantity).distinct().toList();
    }

    /** The same map polled under other limits (a site file's per-device options). */
    public RegisterMap withPolling(Polling p) {
        return new RegisterMap(type, model, description, points, p, refused, source);
    }
}

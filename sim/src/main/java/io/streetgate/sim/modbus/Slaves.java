package io.streetgate.sim.modbus;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The slaves one transport serves, by unit id, and the clock their models follow. A transport asks it for the
 * reply to a request; what happens on the wire (framing, damaged replies) stays with the transport.
 */
final class Slaves {

    private final Map<Integer, SimulatedSlave> byUnit = new ConcurrentHashMap<>();
    private final Clock clock;

    Slaves(Clock clock, Collection<SimulatedSlave> slaves) {
        this.clock = Objects.requireNonNull(clock, "clock");
        for (SimulatedSlave s : slaves) {
            if (byUnit.putIfAbsent(s.unitId(), s) != null) {
                throw new IllegalArgumentException("two slaves at unit id " + s.unitId());
            }
        }
    }

    java.time.Instant now() {
        return clock.instant();
    }

    SimulatedSlave unit(int unitId) {
        return byUnit.get(unitId);
    }

    List<SimulatedSlave> all() {
        return List.copyOf(byUnit.values());
    }

    void add(SimulatedSlave s) {
        if (byUnit.putIfAbsent(s.unitId(), s) != null) {
            throw new IllegalArgumentException("two slaves at unit id " + s.unitId());
        }
    }

    void remove(int unitId) {
        byUnit.remove(unitId);
    }

    /** The reply PDU of a slave, after its reply delay; null when it stays silent. */
    byte[] answer(SimulatedSlave slave, byte[] pdu) throws InterruptedException {
        byte[] reply = slave.answer(pdu, clock.instant());
        Duration delay = slave.faults().delay();
        if (reply != null && !delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        return reply;
    }

    /** A copy of a reply PDU whose byte count disagrees with its data (for the MALFORMED fault). */
    static byte[] malformed(byte[] pdu) {
        byte[] out = pdu.clone();
        if (out.length >= 2 && (out[0] & 0x80) == 0 && out[0] <= 0x04) {
            out[1] = (byte) ((out[1] & 0xFF) + 2);
        } else if (out.length >= 2) {
            out = new byte[]{out[0], out[1], 0x7F};
        }
        return out;
    }
}

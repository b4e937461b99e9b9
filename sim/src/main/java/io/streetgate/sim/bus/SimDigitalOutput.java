package io.streetgate.sim.bus;

import com.pi4j.io.exception.IOException;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputBase;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.io.gpio.digital.DigitalState;

/** A Pi4J digital output (a relay, a lamp switch) whose every setting is recorded. */
final class SimDigitalOutput extends DigitalOutputBase {

    private final RecordedOutput record;
    private final SimTime time;

    SimDigitalOutput(DigitalOutputProvider provider, DigitalOutputConfig config, RecordedOutput record,
                     SimTime time) {
        super(provider, config);
        this.record = record;
        this.time = time;
    }

    @Override
    public DigitalOutput state(DigitalState state) throws IOException {
        io.streetgate.sim.SimFault fault = record.fault();
        if (fault == io.streetgate.sim.SimFault.NACK) {
            throw new IOException("GPIO " + config().address() + " cannot be set", new java.io.IOException("No such device"));
        }
        if (fault == io.streetgate.sim.SimFault.STUCK) {
            return this; // the line keeps its level, and reports it
        }
        super.state(state);
        boolean on = state == DigitalState.HIGH;
        record.record(new RecordedOutput.Setting(time.now(), on, on ? 100.0 : 0.0, 0));
        return this;
    }
}

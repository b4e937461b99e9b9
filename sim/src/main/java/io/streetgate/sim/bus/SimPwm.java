package io.streetgate.sim.bus;

import com.pi4j.io.exception.IOException;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmBase;
import com.pi4j.io.pwm.PwmConfig;
import com.pi4j.io.pwm.PwmProvider;

/** A Pi4J PWM output (a dimmable lamp driver) whose every on/off with its duty cycle is recorded. */
final class SimPwm extends PwmBase {

    private final RecordedOutput record;
    private final SimTime time;

    SimPwm(PwmProvider provider, PwmConfig config, RecordedOutput record, SimTime time) {
        super(provider, config);
        this.record = record;
        this.time = time;
    }

    /** What the channel really runs at, kept when a STUCK fault makes it ignore settings. */
    private float appliedDuty;
    private int appliedFrequency;
    private boolean appliedOn;

    @Override
    public Pwm on() throws IOException {
        return apply(true);
    }

    @Override
    public Pwm off() throws IOException {
        return apply(false);
    }

    private Pwm apply(boolean on) throws IOException {
        io.streetgate.sim.SimFault fault = record.fault();
        if (fault == io.streetgate.sim.SimFault.NACK) {
            throw new IOException("PWM channel " + config().address() + " cannot be set",
                    new java.io.IOException("No such device"));
        }
        if (fault == io.streetgate.sim.SimFault.STUCK) {
            dutyCycle = appliedDuty; // the channel keeps running as it was, and reports it
            frequency = appliedFrequency;
            onState = appliedOn;
            return this;
        }
        onState = on;
        appliedDuty = dutyCycle;
        appliedFrequency = frequency;
        appliedOn = on;
        record.record(new RecordedOutput.Setting(time.now(), on, dutyCycle, frequency));
        return this;
    }
}

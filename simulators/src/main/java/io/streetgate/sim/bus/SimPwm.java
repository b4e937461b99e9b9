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

    @Override
    public Pwm on() throws IOException {
        onState = true;
        record.record(new RecordedOutput.Setting(time.now(), true, dutyCycle, frequency));
        return this;
    }

    @Override
    public Pwm off() throws IOException {
        onState = false;
        record.record(new RecordedOutput.Setting(time.now(), false, dutyCycle, frequency));
        return this;
    }
}

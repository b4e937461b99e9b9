package io.streetgate.sim.bus;

import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmConfig;
import com.pi4j.io.pwm.PwmProviderBase;

/** Pi4J's PWM provider for the simulated board. */
public final class SimPwmProvider extends PwmProviderBase {

    public static final String ID = "streetgate-sim-pwm";

    private final SimBoard board;

    SimPwmProvider(SimBoard board) {
        super(ID, "streetgate simulated PWM");
        this.board = board;
    }

    @Override
    public Pwm create(PwmConfig config) {
        SimPwm pwm = new SimPwm(this, config, board.output("pwm " + config.address()), board.time());
        context.registry().add(pwm);
        return pwm;
    }
}

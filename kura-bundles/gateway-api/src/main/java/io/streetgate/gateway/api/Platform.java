package io.streetgate.gateway.api;

import com.pi4j.context.Context;

/**
 * The hardware the drivers run on: a Raspberry Pi's buses, or a simulated street's. The gateway registers the
 * Pi's; on a simulated run the simulator bundle registers its own instead, so that the gateway never knows
 * which one it has.
 */
public interface Platform {

    /** The Pi4J context whose providers reach the platform's I2C buses, GPIO lines, PWM channels and serial ports. */
    Context pi4j();
}

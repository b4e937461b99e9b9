/**
 * What the gateway's control acts on, as the simulated street sees it: lamps that draw power by their
 * dimming level, and a cabinet whose temperature and CO2 follow its heating, cooling and fan outputs, the
 * sun and the street's weather. Each model reads the outputs the gateway set (through suppliers, e.g. a
 * recorded PWM channel or relay line of the simulated board) and advances with gateway time. The lamps and
 * cabinets are given in the simulator's own terms (2.0.0: no longer the control's configuration records).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.streetgate.sim.plant;

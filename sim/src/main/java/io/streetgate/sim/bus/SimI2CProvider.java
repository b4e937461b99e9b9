package io.streetgate.sim.bus;

import com.pi4j.exception.Pi4JException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProviderBase;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Pi4J's I2C provider for the simulated board (one per Pi4J context, like linuxfs-i2c on a Pi). */
public final class SimI2CProvider extends I2CProviderBase {

    public static final String ID = "streetgate-sim-i2c";

    private final SimBoard board;
    private final Map<Integer, SimI2CBus> buses = new ConcurrentHashMap<>();

    SimI2CProvider(SimBoard board) {
        super(ID, "streetgate simulated I2C");
        this.board = board;
    }

    @Override
    public I2C create(I2CConfig config) {
        int bus = config.bus();
        if (!board.hasBus(bus)) {
            // linuxfs fails the same way when /dev/i2c-N is missing
            throw new Pi4JException("I2C bus " + bus + " does not exist on the simulated board (buses: "
                    + board.buses() + ")");
        }
        SimI2C i2c = new SimI2C(this, config, buses.computeIfAbsent(bus, b -> new SimI2CBus(config)), board);
        context.registry().add(i2c);
        return i2c;
    }
}

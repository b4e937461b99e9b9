package io.streetgate.drivers.modbus.bus;

import org.apache.plc4x.java.modbus.tcp.ModbusTcpDriver;
import org.apache.plc4x.java.spi.optimizer.BaseOptimizer;
import org.apache.plc4x.java.spi.optimizer.SingleTagOptimizer;

/**
 * PLC4X 0.13.1's Modbus TCP driver with its request optimizer switched off. Its {@code ModbusOptimizer} rebuilds
 * every tag without the tag's options, so a {@code {unit-id: N}} on a tag is lost and every request goes to the
 * connection's default unit: several devices behind one TCP gateway could not share a connection. streetgate
 * plans its own reads (one tag per request), so PLC4X needs to send each tag as given, which is what the RTU
 * driver already does with {@link SingleTagOptimizer}.
 */
final class SingleRequestModbusTcpDriver extends ModbusTcpDriver {

    @Override
    protected BaseOptimizer getOptimizer() {
        return new SingleTagOptimizer();
    }
}

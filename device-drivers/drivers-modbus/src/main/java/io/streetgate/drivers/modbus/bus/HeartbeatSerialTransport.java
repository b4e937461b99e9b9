package io.streetgate.drivers.modbus.bus;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import org.apache.plc4x.java.spi.configuration.HasConfiguration;
import org.apache.plc4x.java.spi.connection.ChannelFactory;
import org.apache.plc4x.java.transport.serial.SerialChannelFactory;
import org.apache.plc4x.java.transport.serial.SerialSocketAddress;
import org.apache.plc4x.java.transport.serial.SerialTransport;
import org.apache.plc4x.java.transport.serial.SerialTransportConfiguration;

import java.lang.reflect.Constructor;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * PLC4X's serial transport, under its own code ({@value #CODE}), with an event loop that never sleeps longer than
 * {@link #HEARTBEAT}.
 * <p>
 * Why: PLC4X 0.13.1's serial selector ({@code SerialPollingSelector}) breaks {@link java.nio.channels.Selector}'s
 * wakeup contract. A {@code wakeup()} that comes while its loop is between finding no events and starting to wait
 * is dropped instead of making the next wait return at once, and netty, which then counts the loop as awake, does
 * not call it again. The loop sleeps with the work it was woken for still queued: writing a request, reading a
 * reply, opening or closing the port. With no timed task netty waits without a deadline, so a request that was
 * never written stays unwritten; its close stays queued too, the port stays open and exclusively locked, and the
 * bus can never be opened again. Seen under load: a request that never reached the slave, then "Unable to open
 * the com port" on every retry.
 * <p>
 * The fix: each connection gets a group of one loop (PLC4X's gives each connection twice as many loops as cores,
 * of which it uses one) on which a no-op runs every {@link #HEARTBEAT} from before the loop's first wait. With a
 * timed task pending netty waits with a deadline, so a lost wakeup delays the work by at most one heartbeat.
 * The loop's thread is a daemon named {@code modbus-rtu-N-1}. An idle line costs 10 wakeups a second, measured at
 * 1.6-1.8 ms of CPU a second on the 2-core x86 test machine (ModbusPollBench); with a 50 ms heartbeat it was twice
 * that, for a delay that only matters when a wakeup was lost.
 */
// HasConfiguration is named again: PLC4X configures only classes that declare it themselves
// (ConfigurationFactory.configure reads the class's own generic interfaces)
public final class HeartbeatSerialTransport extends SerialTransport
        implements HasConfiguration<SerialTransportConfiguration> {

    /** The transport code in PLC4X connection strings; options for the transport carry it as their prefix. */
    public static final String CODE = "streetgateserial";
    static final Duration HEARTBEAT = Duration.ofMillis(100);

    private SerialTransportConfiguration configuration;

    @Override
    public String getTransportCode() {
        return CODE;
    }

    @Override
    public String getTransportName() {
        return "Serial port transport with an event loop heartbeat";
    }

    @Override
    public void setConfiguration(SerialTransportConfiguration configuration) {
        super.setConfiguration(configuration);
        this.configuration = configuration;
    }

    @Override
    public ChannelFactory createChannelFactory(String transportConfig) {
        Factory factory = new Factory(new SerialSocketAddress(transportConfig));
        if (configuration != null) {
            factory.setConfiguration(configuration);
        }
        return factory;
    }

    private static final class Factory extends SerialChannelFactory {

        Factory(SerialSocketAddress address) {
            super(address);
        }

        @Override
        public EventLoopGroup getEventLoopGroup() {
            NioEventLoopGroup group = new LineLoop();
            long period = HEARTBEAT.toNanos();
            // scheduled before the loop's thread exists, so the first wait already has a deadline
            group.next().scheduleAtFixedRate(() -> { }, period, period, TimeUnit.NANOSECONDS);
            return group;
        }
    }

    /**
     * A line's group of one loop, which ends at once when shut down. PLC4X shuts a loop down with netty's default
     * quiet period of 2 s (when a connection fails to open, and when one closes), and a serial loop never gets
     * through it: PLC4X's serial selector keeps returning at once, netty rebuilds it over and over, and the
     * thread spins on a core for as long as the JVM runs, logging a warning every few milliseconds. A missing
     * adapter left one such thread per retry. A serial line has nothing for a quiet period to wait for.
     */
    private static final class LineLoop extends NioEventLoopGroup {

        LineLoop() {
            super(1, new DefaultThreadFactory("modbus-rtu", true), serialSelectorProvider());
        }

        @Override
        public Future<?> shutdownGracefully() {
            return shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * PLC4X's provider of serial selectors, which its serial channels require of their loop. Its class is
     * package-private in PLC4X, hence reflection; it has no state.
     */
    static SelectorProvider serialSelectorProvider() {
        try {
            Class<?> type = Class.forName("org.apache.plc4x.java.transport.serial.SerialSelectorProvider", true,
                    SerialTransport.class.getClassLoader());
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (SelectorProvider) constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("PLC4X's serial selector provider cannot be made (PLC4X is not 0.13.1?)", e);
        }
    }
}

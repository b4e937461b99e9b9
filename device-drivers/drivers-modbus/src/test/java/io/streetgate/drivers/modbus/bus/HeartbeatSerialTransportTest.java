package io.streetgate.drivers.modbus.bus;

import io.netty.channel.nio.NioEventLoop;
import io.netty.util.concurrent.ThreadProperties;
import io.streetgate.drivers.modbus.map.RegisterTable;
import io.streetgate.sim.ManualClock;
import io.streetgate.sim.modbus.ModbusRtuSlave;
import io.streetgate.sim.modbus.PtyPair;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.sim.modbus.Table;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.messages.PlcReadResponse;
import org.apache.plc4x.java.api.types.PlcResponseCode;
import org.apache.plc4x.java.modbus.rtu.ModbusRtuDriver;
import org.apache.plc4x.java.spi.connection.DefaultNettyPlcConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A serial connection's event loop that missed a wakeup, as PLC4X 0.13.1's serial selector lets happen under
 * load: PLC4X's own transport then never writes the request; {@link HeartbeatSerialTransport} writes it within a
 * heartbeat. The first request after opening is used: the line has carried nothing yet, so no serial event can
 * wake the loop by chance. The missed wakeup is made on purpose: with the loop waiting, netty is told the loop is awake (its
 * {@code nextWakeupNanos} set to AWAKE, the state a wakeup lost inside the selector leaves), so the request's
 * write is queued without waking the selector.
 */
class HeartbeatSerialTransportTest {

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T12:00:00Z"));
    PtyPair pty;
    ModbusRtuSlave slaves;
    PlcConnection connection;

    @BeforeEach
    void start() throws Exception {
        SimulatedSlave one = new SimulatedSlave(1, null);
        one.registers().setRegisters(Table.HOLDING_REGISTERS, 0, 11, 12, 13);
        pty = PtyPair.open();
        slaves = ModbusRtuSlave.open(pty.slaveEnd(), 9600, clock, one);
    }

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            // the loop is stopped directly: PLC4X's close of a serial connection never ends (see ModbusLink.drop)
            ((DefaultNettyPlcConnection) connection).getChannel().eventLoop().parent()
                    .shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        }
        slaves.close();
        pty.close();
    }

    @Test
    void plc4xsOwnSerialLoopSleepsThroughAMissedWakeupWithTheRequestUnwritten() throws Exception {
        connection = openIdle("serial");

        missNextWakeup(connection);
        CompletableFuture<PlcResponseCode> read = readAll(connection);

        assertThrows(TimeoutException.class, () -> read.get(2, TimeUnit.SECONDS));
        assertEquals(0, slaves.frames(), "the request never reached the slave");
    }

    @Test
    void aHeartbeatLoopWritesTheRequestWhoseWakeupWasMissed() throws Exception {
        connection = openIdle(HeartbeatSerialTransport.CODE);

        missNextWakeup(connection);
        CompletableFuture<PlcResponseCode> read = readAll(connection);

        assertEquals(PlcResponseCode.OK, read.get(5, TimeUnit.SECONDS));
        assertEquals(1, slaves.frames());
        assertEquals(PlcResponseCode.OK, readAll(connection).get(5, TimeUnit.SECONDS), "and the line goes on");
    }

    @Test
    void aHeartbeatConnectionHasOneDaemonLoopNamedForTheBus() throws Exception {
        connection = open(HeartbeatSerialTransport.CODE);
        NioEventLoop loop = loop(connection);

        ThreadProperties thread = loop.threadProperties();
        assertTrue(thread.isDaemon());
        assertTrue(thread.name().startsWith("modbus-rtu-"), thread.name());
        assertEquals(1, ((io.netty.util.concurrent.MultithreadEventExecutorGroup) loop.parent()).executorCount());
    }

    PlcConnection open(String transport) throws Exception {
        String url = "modbus-rtu:" + transport + "://" + pty.masterEnd() + "?request-timeout=10000&" + transport
                + ".baud-rate=9600";
        PlcConnection c = new ModbusRtuDriver().getConnection(url);
        c.connect();
        return c;
    }

    /** Reads the slave's three registers; completes with PLC4X's response code. */
    static CompletableFuture<PlcResponseCode> readAll(PlcConnection c) {
        String tag = ModbusLink.tag(RegisterTable.HOLDING_REGISTER, 0, 3, 1);
        return c.readRequestBuilder().addTagAddress("v", tag).build().execute().toCompletableFuture()
                .thenApply(r -> ((PlcReadResponse) r).getResponseCode("v"));
    }

    static NioEventLoop loop(PlcConnection c) {
        return (NioEventLoop) ((DefaultNettyPlcConnection) c).getChannel().eventLoop();
    }

    /**
     * Waits until the loop is idle in its selector (its thread waiting, no task queued, twice 100 ms apart), then
     * tells netty it is awake. Before any request the line has carried no byte, so no serial event can wake the
     * loop either: what is queued next waits for the loop's own deadline, which PLC4X's loop does not have.
     */
    static void missNextWakeup(PlcConnection c) throws Exception {
        NioEventLoop loop = loop(c);
        assertTrue(awaitIdle(loop), "the event loop never went idle");
        Field next = NioEventLoop.class.getDeclaredField("nextWakeupNanos");
        next.setAccessible(true);
        ((AtomicLong) next.get(loop)).set(-1); // NioEventLoop.AWAKE
    }

    /**
     * Opens a connection whose loop goes idle. Once, under load, jSerialComm reported data on a new line that had
     * none (PLC4X's read then failed its {@code bytesToRead > 0} assertion), and PLC4X's own loop did not go idle
     * within 10 s after it. An idle loop is what these tests start from, so such a connection is dropped and the
     * line opened again, up to three times; {@link #missNextWakeup} fails if the third is not idle either.
     */
    PlcConnection openIdle(String transport) throws Exception {
        for (int attempt = 1; ; attempt++) {
            PlcConnection c = open(transport);
            if (attempt == 3 || awaitIdle(loop(c))) {
                return c;
            }
            ((DefaultNettyPlcConnection) c).getChannel().close().await(5, TimeUnit.SECONDS); // frees the port
            loop(c).parent().shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    /** True once the loop is idle in its selector (thread waiting, no task queued) twice 100 ms apart, within 10 s. */
    static boolean awaitIdle(NioEventLoop loop) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int idleChecks = 0;
        while (idleChecks < 2) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            boolean idle = waiting(loop) && loop.pendingTasks() == 0;
            idleChecks = idle ? idleChecks + 1 : 0;
            Thread.sleep(100);
        }
        return true;
    }

    static boolean waiting(NioEventLoop loop) {
        Thread.State state = loop.threadProperties().state();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}

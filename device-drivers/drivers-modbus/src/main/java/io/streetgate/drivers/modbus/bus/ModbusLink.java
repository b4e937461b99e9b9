package io.streetgate.drivers.modbus.bus;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.modbus.ModbusDriverException;
import io.streetgate.drivers.modbus.map.RegisterTable;
import io.streetgate.driver.time.TimeBase;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.PlcDriver;
import org.apache.plc4x.java.api.exceptions.PlcConnectionException;
import org.apache.plc4x.java.api.messages.PlcReadResponse;
import org.apache.plc4x.java.api.messages.PlcWriteResponse;
import org.apache.plc4x.java.api.types.PlcResponseCode;
import org.apache.plc4x.java.api.value.PlcValue;
import org.apache.plc4x.java.modbus.rtu.ModbusRtuDriver;
import org.apache.plc4x.java.spi.connection.DefaultNettyPlcConnection;
import org.apache.plc4x.java.spi.events.CloseConnectionEvent;
import org.apache.plc4x.java.spi.values.PlcBOOL;
import org.apache.plc4x.java.spi.values.PlcList;
import org.apache.plc4x.java.spi.values.PlcUINT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Modbus bus: a single PLC4X connection shared by every device on it, one request at a time.
 * <ul>
 * <li>The connection opens on first use; when opening fails the bus waits before trying again, from 1 s
 *     doubling to 1 min (gateway time), and requests meanwhile fail at once with {@link DriverFault#BUS}.</li>
 * <li>A request waits at most the bus timeout. PLC4X 0.13.1 never releases its request slot after a timeout
 *     (its Modbus protocol logic completes the future but does not end the transaction) and keeps the
 *     unparsable rest of a bad RTU frame in its decoder, so after a request without a good answer the connection
 *     is dropped ({@link #drop()}) and the next request opens a new one: the devices behind the silent one wait
 *     no longer than its timeout.</li>
 * <li>A unit that left {@value #SILENCES_BEFORE_BACKOFF} requests in a row unanswered is not asked again for a
 *     while, from 1 s doubling to 1 min; requests for it fail at once with {@link DriverFault#TIMEOUT}. Its first
 *     answer clears the back-off.</li>
 * <li>What the device really sent is judged from the bytes on the line ({@link Reply}): an exception code,
 *     a CRC error, a short or malformed frame, a reply from another unit.</li>
 * </ul>
 */
public final class ModbusLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusLink.class);

    static final int SILENCES_BEFORE_BACKOFF = 2;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** Extra time given to PLC4X beyond the bus timeout before the request is given up. */
    private static final long GRACE_MILLIS = 250;

    private final LinkSettings settings;
    private final TimeBase time;
    private final Map<Integer, UnitState> units = new HashMap<>();
    private final Map<DriverFault, Long> failures = new EnumMap<>(DriverFault.class);
    private PlcConnection connection;
    private ReplyCapture capture;
    private Instant nextConnect = Instant.MIN;
    private int failedConnects;
    private long requests;
    private long skipped;
    private long connects;
    private boolean closed;

    private static final class UnitState {
        int silences;
        Instant notBefore = Instant.MIN;
    }

    public ModbusLink(LinkSettings settings, TimeBase time) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.time = Objects.requireNonNull(time, "time");
    }

    public LinkSettings settings() {
        return settings;
    }

    /**
     * Reads registers or bits.
     *
     * @return one value per register (0..65535) or per bit (0 or 1)
     */
    public synchronized int[] read(int unit, RegisterTable table, int start, int count) throws DriverException {
        int function = table.readFunction();
        int bytes = table.isBits() ? (count + 7) / 8 : 2 * count;
        String what = table.mapName() + " " + start + "+" + count;
        byte[] data = exchange(unit, function, 2 + bytes, what, c -> {
            String tag = tag(table, start, count, unit);
            return c.readRequestBuilder().addTagAddress("v", tag).build().execute().thenApply(r -> r);
        });
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = table.isBits() ? (data[2 + i / 8] >> (i % 8)) & 1
                    : ((data[2 + 2 * i] & 0xFF) << 8) | (data[3 + 2 * i] & 0xFF);
        }
        return out;
    }

    /** Writes holding registers (function 06 for one, 16 for more) or one coil (function 15 as PLC4X sends it). */
    public synchronized void write(int unit, RegisterTable table, int start, int[] values) throws DriverException {
        if (!table.isWritable()) {
            throw new ModbusDriverException(DriverFault.CONFIGURATION, table.mapName() + " entries cannot be written");
        }
        int function = table.isBits() ? 0x0F : values.length == 1 ? 0x06 : 0x10;
        String what = "write " + table.mapName() + " " + start + "+" + values.length;
        exchange(unit, function, 5, what, c -> {
            String tag = tag(table, start, values.length, unit);
            PlcValue value;
            if (table.isBits()) {
                List<PlcValue> bits = new ArrayList<>();
                for (int v : values) {
                    bits.add(new PlcBOOL(v != 0));
                }
                value = values.length == 1 ? bits.get(0) : new PlcList(bits);
            } else {
                List<PlcValue> words = new ArrayList<>();
                for (int v : values) {
                    words.add(new PlcUINT(v & 0xFFFF));
                }
                value = values.length == 1 ? words.get(0) : new PlcList(words);
            }
            return c.writeRequestBuilder().addTag("v", new org.apache.plc4x.java.modbus.base.tag.ModbusTagHandler()
                    .parseTag(tag), value).build().execute().thenApply(r -> r);
        });
    }

    /** A PLC4X tag for a raw read or write: addresses 1-based, raw 16-bit registers or bits, the unit as tag option. */
    static String tag(RegisterTable table, int start, int count, int unit) {
        String prefix = switch (table) {
            case COIL -> "coil";
            case DISCRETE_INPUT -> "discrete-input";
            case INPUT_REGISTER -> "input-register";
            case HOLDING_REGISTER -> "holding-register";
        };
        // UINT rather than WORD: PLC4X 0.13.1 serialises a list of WORDs nowhere (DataItem has no WORD list)
        String type = table.isBits() ? "BOOL" : "UINT";
        // PLC4X numbers registers from 1 (ModbusTag.PROTOCOL_ADDRESS_OFFSET): holding-register:1 is address 0
        return prefix + ":" + (start + 1) + ":" + type + "[" + count + "]{unit-id: " + unit + "}";
    }

    public synchronized LinkStats stats() {
        return new LinkStats(requests, failures, skipped, connects);
    }

    /** Requests sent so far. */
    public synchronized long requests() {
        return requests;
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }

    private interface Request {
        CompletableFuture<Object> send(PlcConnection c);
    }

    /** Sends one request and returns the answer PDU, or throws what went wrong. */
    private byte[] exchange(int unit, int function, int pduLength, String what, Request request) throws DriverException {
        if (closed) {
            throw new ModbusDriverException(DriverFault.BUS, "bus '" + settings.busId() + "' is closed");
        }
        UnitState state = units.computeIfAbsent(unit, u -> new UnitState());
        Instant now = time.now();
        if (now.isBefore(state.notBefore)) {
            skipped++;
            throw new ModbusDriverException(DriverFault.TIMEOUT, "unit " + unit + " left its last " + state.silences
                    + " requests unanswered; not asked again before " + state.notBefore);
        }
        PlcConnection c = connection();
        ReplyCapture cap = capture;
        cap.reset();
        requests++;
        long timeoutMillis = settings.timeout().toMillis();
        Object response = null;
        Throwable failure = null;
        CompletableFuture<Object> pending;
        try {
            pending = request.send(c);
        } catch (RuntimeException e) {
            // PLC4X refused to build the request (its own limits): nothing went out
            LOG.debug("PLC4X cannot send {} to unit {}", what, unit, e);
            throw count(new ModbusDriverException(DriverFault.PROTOCOL, "unit " + unit + ": PLC4X cannot send " + what
                    + ": " + rootMessage(e)));
        }
        try {
            response = pending.get(timeoutMillis + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            failure = e;
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop();
            throw count(new ModbusDriverException(DriverFault.TIMEOUT, "interrupted while waiting for unit " + unit));
        }
        Reply reply = Reply.judge(cap.bytes(), settings.tcp(), unit, function, pduLength);
        if (reply instanceof Reply.Silence && failure != null && !(failure instanceof TimeoutException)) {
            // failed before anything came back, and not for want of an answer
            drop();
            throw count(new ModbusDriverException(DriverFault.PROTOCOL, "unit " + unit + ": PLC4X failed on " + what
                    + ": " + rootMessage(failure)));
        }
        if (reply instanceof Reply.Answer answer && response != null && ok(response)) {
            state.silences = 0;
            state.notBefore = Instant.MIN;
            return answer.pdu();
        }
        if (reply instanceof Reply.Answer answer && failure instanceof TimeoutException) {
            // a good answer arrived but PLC4X had not passed it on in time (a loaded machine): the answer on the
            // line is what counts; the connection is renewed in case PLC4X still holds the request
            LOG.debug("Unit {} answered {} but PLC4X did not complete it within the timeout", unit, what);
            drop();
            state.silences = 0;
            state.notBefore = Instant.MIN;
            return answer.pdu();
        }
        if (reply instanceof Reply.Answer) {
            // PLC4X refused what looked right on the line: report PLC4X's reason
            drop();
            throw count(new ModbusDriverException(DriverFault.PROTOCOL, "unit " + unit + ": " + what + " failed in PLC4X: "
                    + (failure != null ? rootMessage(failure) : response)));
        }
        if (reply instanceof Reply.Silence) {
            state.silences++;
            if (state.silences >= SILENCES_BEFORE_BACKOFF) {
                long factor = 1L << Math.min(state.silences - SILENCES_BEFORE_BACKOFF, 16);
                Duration backoff = FIRST_BACKOFF.multipliedBy(factor);
                state.notBefore = now.plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
            }
        } else {
            state.silences = 0;
            state.notBefore = Instant.MIN;
        }
        if (!(reply instanceof Reply.Exception)) {
            // PLC4X keeps a timed-out transaction and unparsed bytes: start afresh
            drop();
        }
        throw count(Reply.failure(reply, unit, what, timeoutMillis));
    }

    private static boolean ok(Object response) {
        if (response instanceof PlcReadResponse r) {
            return r.getResponseCode("v") == PlcResponseCode.OK && r.getPlcValue("v") != null;
        }
        if (response instanceof PlcWriteResponse w) {
            return w.getResponseCode("v") == PlcResponseCode.OK;
        }
        return false;
    }

    private ModbusDriverException count(ModbusDriverException e) {
        failures.merge(e.fault(), 1L, Long::sum);
        return e;
    }

    private PlcConnection connection() throws DriverException {
        if (connection != null && connection.isConnected()) {
            return connection;
        }
        drop();
        Instant now = time.now();
        if (now.isBefore(nextConnect)) {
            throw count(new ModbusDriverException(DriverFault.BUS, "bus '" + settings.busId() + "' (" + settings.describe()
                    + ") could not be opened; next attempt at " + nextConnect));
        }
        ReplyCapture cap = new ReplyCapture();
        try {
            PlcConnection c = open(settings);
            Channel channel = ((DefaultNettyPlcConnection) c).getChannel();
            channel.pipeline().addFirst("streetgate-reply-capture", cap);
            connection = c;
            capture = cap;
            connects++;
            failedConnects = 0;
            nextConnect = Instant.MIN;
            return c;
        } catch (PlcConnectionException | RuntimeException e) {
            failedConnects++;
            long factor = 1L << Math.min(failedConnects - 1, 16);
            Duration backoff = FIRST_BACKOFF.multipliedBy(factor);
            nextConnect = now.plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
            LOG.debug("Opening Modbus bus {} ({}) failed", settings.busId(), settings.describe(), e);
            throw count(new ModbusDriverException(DriverFault.BUS, "bus '" + settings.busId() + "' (" + settings.describe()
                    + ") cannot be opened: " + rootMessage(e) + "; next attempt at " + nextConnect));
        }
    }

    /**
     * Opens a PLC4X connection. The driver is made here rather than found with {@code ServiceLoader}, and PLC4X
     * finds its transports ({@code tcp}, and {@link HeartbeatSerialTransport} for serial lines) with
     * {@code ServiceLoader} on the thread's context class loader: inside OSGi that is set to this bundle's class
     * loader, whose {@code META-INF/services/org.apache.plc4x.java.spi.transport.Transport} names both.
     */
    static PlcConnection open(LinkSettings settings) throws PlcConnectionException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ModbusLink.class.getClassLoader());
        try {
            PlcDriver driver = settings.tcp() ? new SingleRequestModbusTcpDriver() : new ModbusRtuDriver();
            PlcConnection c = driver.getConnection(settings.plc4xUrl());
            c.connect();
            return c;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Closes a connection without PLC4X's own close. PLC4X 0.13.1 closes by shutting the connection's event loop
     * down gracefully, which waits 2 s, and on a serial connection never finishes: its serial selector keeps
     * returning at once, netty rebuilds it over and over, and the thread spins on a core for good. So the
     * protocol is told to release its request executor (the event PLC4X's close sends), the channel is
     * closed, and its event loop is stopped without a quiet period, which ends serial loops cleanly too.
     */
    private void drop() {
        PlcConnection c = connection;
        connection = null;
        capture = null;
        if (c == null) {
            return;
        }
        Channel channel = ((DefaultNettyPlcConnection) c).getChannel();
        if (channel == null) {
            return;
        }
        EventLoopGroup loop = channel.eventLoop().parent();
        try {
            channel.pipeline().fireUserEventTriggered(new CloseConnectionEvent());
            channel.close().awaitUninterruptibly(1000);
        } catch (RuntimeException e) {
            // the loop may be gone already (a server that closed the connection ends it: netty rejects the
            // event with RejectedExecutionException); the connection is dropped either way
            LOG.debug("Closing the connection of bus {}", settings.busId(), e);
        }
        loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getName() : m;
    }
}

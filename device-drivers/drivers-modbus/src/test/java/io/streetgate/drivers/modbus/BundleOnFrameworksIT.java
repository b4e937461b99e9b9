package io.streetgate.drivers.modbus;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.modbus.EnergyMeterModel;
import io.streetgate.sim.modbus.ModbusRtuSlave;
import io.streetgate.sim.modbus.ModbusTcpServer;
import io.streetgate.sim.modbus.PtyPair;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.sim.modbus.WaterMeterModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundle, with exactly the jars the distribution must ship for it ({@link #SHIPPED}), resolves and starts on
 * Felix and on Equinox ({@code -Dosgi.framework}), and its drivers read a simulated meter over Modbus TCP and
 * another over RTU from inside the framework. The thread calling in carries a context class loader that sees
 * nothing, as a framework thread may: PLC4X must find its transports through the bundle itself.
 */
class BundleOnFrameworksIT {

    /**
     * Artifact file names (without version) of the bundles this one needs besides the framework. bit-io is
     * needed although plc4j-spi imports it optionally: its byte buffers read and write through it, and without
     * it every request dies silently in the netty encoder (a NoClassDefFoundError nobody logs). It must be
     * installed before plc4j-spi resolves.
     */
    static final List<String> SHIPPED = List.of("driver", "plc4j-api", "plc4j-spi", "netty-buffer", "netty-codec",
            "netty-common", "netty-resolver", "netty-transport", "jackson-annotations", "jackson-core",
            "jackson-databind", "vavr", "commons-lang3", "commons-codec", "bit-io", "jSerialComm", "snakeyaml");

    /** As the distribution's launcher does: SLF4J comes from its class path through the system bundle. */
    static final String SYSTEM_PACKAGES_EXTRA = "org.slf4j;version=2.0.17,org.slf4j.event;version=2.0.17,"
            + "org.slf4j.helpers;version=2.0.17,org.slf4j.spi;version=2.0.17";

    static Framework framework;
    static Bundle modbus;

    @BeforeAll
    static void start(@TempDir Path storage) throws Exception {
        String which = System.getProperty("osgi.framework", "felix");
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        assertTrue(factory.getClass().getName().contains(which.equals("felix") ? "felix" : "eclipse"),
                factory.getClass().getName());
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES_EXTRA);
        framework = factory.newFramework(config);
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (String name : SHIPPED) {
            installed.add(context.installBundle(jar(name).toURI().toString()));
        }
        modbus = context.installBundle(new File(System.getProperty("bundle.jar")).toURI().toString());
        installed.add(modbus);
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    /** The jar of an artifact on the test class path. */
    static File jar(String artifact) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String file = new File(entry).getName();
            if (file.endsWith(".jar") && file.startsWith(artifact + "-") && Character.isDigit(file.charAt(artifact.length() + 1))) {
                return new File(entry);
            }
        }
        throw new AssertionError(artifact + " is not on the test class path");
    }

    @Test
    void theBundleIsActiveWithPlc4xInsideIt() throws Exception {
        assertEquals(Bundle.ACTIVE, modbus.getState());
        assertEquals("io.streetgate.drivers-modbus", modbus.getSymbolicName());
        Class<?> tcpDriver = modbus.loadClass("org.apache.plc4x.java.modbus.tcp.ModbusTcpDriver");
        assertNotEquals(getClass().getClassLoader(), tcpDriver.getClassLoader());
    }

    @Test
    void readsAMeterOverTcpAndAWaterMeterOverRtuInsideTheFramework() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-15T12:00:00Z"));
        try (ModbusTcpServer server = ModbusTcpServer.start(clock, new SimulatedSlave(1, new EnergyMeterModel()));
             PtyPair pty = PtyPair.open();
             ModbusRtuSlave rtu = ModbusRtuSlave.open(pty.slaveEnd(), 9600, clock, WaterMeterModel.slave(2))) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(new URLClassLoader(new URL[0], null));
            try {
                Object factory = newInstance("io.streetgate.drivers.modbus.ModbusDriverFactory",
                        call(null, cls("io.streetgate.driver.time.TimeBase"), "system"));
                // the first request also opens the connection inside the framework, which on a loaded 2-core CI
                // machine took over 2 s
                Object tcp = bus("gw", "modbus-tcp", Map.of("host", "127.0.0.1", "port",
                        Integer.toString(server.port()), "timeout", "5s"));
                Object rs485 = bus("rs485", "modbus-rtu", Map.of("port", pty.masterEnd().toString(), "baud", "9600",
                        "timeout", "5s"));
                List<?> energy = read(factory, device("energy", "eastron-sdm630", tcp, 1));
                List<?> water = read(factory, device("water", "tuf-2000m", rs485, 2));
                assertEquals(36, energy.size());
                assertEquals(8, water.size());
                call(factory, factory.getClass(), "close");
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    static Class<?> cls(String name) throws ClassNotFoundException {
        return modbus.loadClass(name);
    }

    static Object bus(String id, String kind, Map<String, String> settings) throws Exception {
        return cls("io.streetgate.driver.BusConfig").getConstructor(String.class, String.class, Map.class)
                .newInstance(id, kind, settings);
    }

    static Object device(String id, String type, Object bus, int unit) throws Exception {
        Class<?> busClass = cls("io.streetgate.driver.BusConfig");
        return cls("io.streetgate.driver.DeviceConfig").getConstructor(String.class, String.class, busClass, int.class,
                Duration.class, Map.class).newInstance(id, type, bus, unit, Duration.ofSeconds(10), Map.of());
    }

    static List<?> read(Object factory, Object device) throws Exception {
        Method create = factory.getClass().getMethod("create", cls("io.streetgate.driver.DeviceConfig"));
        Object driver = create.invoke(factory, device);
        try {
            return (List<?>) driver.getClass().getMethod("read").invoke(driver);
        } finally {
            driver.getClass().getMethod("close").invoke(driver);
        }
    }

    static Object newInstance(String className, Object arg) throws Exception {
        Class<?> c = cls(className);
        return c.getConstructor(cls("io.streetgate.driver.time.TimeBase")).newInstance(arg);
    }

    static Object call(Object target, Class<?> type, String method) throws Exception {
        return type.getMethod(method).invoke(target);
    }
}

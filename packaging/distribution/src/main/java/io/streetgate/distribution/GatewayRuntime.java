package io.streetgate.distribution;

import io.streetgate.ota.install.BundleSetPointer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Starts an OSGi framework (Apache Felix by default; any framework on the class path by name, e.g.
 * Equinox), installs every bundle in the bundles folder and starts them.
 */
final class GatewayRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRuntime.class);

    /**
     * Packages the framework's system bundle exports beyond the JRE: SLF4J (its 2.x API, also as 1.7.36 for
     * bundles that import the 1.x range, as slf4j-api's own manifest does) so every bundle logs through the
     * launcher's Logback; Logback itself for the console's log page (its version is logback-classic's in the
     * parent pom); the JDK's HTTP server for the status endpoint and the console; provisioning (the launcher's
     * {@code streetgate provision}) for the console's Provisioning page, so that both run the same code.
     */
    static final String SYSTEM_PACKAGES_EXTRA = String.join(",",
            "org.slf4j;version=2.0.17", "org.slf4j.event;version=2.0.17", "org.slf4j.helpers;version=2.0.17",
            "org.slf4j.spi;version=2.0.17",
            "org.slf4j;version=1.7.36", "org.slf4j.event;version=1.7.36", "org.slf4j.helpers;version=1.7.36",
            "org.slf4j.spi;version=1.7.36",
            "ch.qos.logback.classic;version=1.5.21", "ch.qos.logback.classic.spi;version=1.5.21",
            "ch.qos.logback.core;version=1.5.21",
            "com.sun.net.httpserver", "io.streetgate.provision");

    /** How many bundle jars Felix keeps open at once (the framework property {@code felix.cache.filelimit}). */
    static final String FILE_LIMIT = "8";

    private final Framework framework;

    private GatewayRuntime(Framework framework) {
        this.framework = framework;
    }

    /**
     * Creates and starts the framework and the bundles.
     *
     * @param frameworkName a substring of the framework factory's class name: {@code felix} or {@code equinox}
     */
    static GatewayRuntime start(String frameworkName, List<Path> bundleDirs, Path stateDir,
                                Map<String, String> properties) throws BundleException, IOException {
        Map<String, String> config = new HashMap<>(properties);
        config.put(Constants.FRAMEWORK_STORAGE, stateDir.resolve("osgi-cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES_EXTRA);
        // Config Admin keeps its configurations in the framework's storage, cleaned at every start: the site
        // file is their only source, so components never start on the previous run's settings first and
        // then again on the file's
        config.put("felix.log.level", "1");
        // Felix resolves on the calling thread instead of keeping a pool of one thread per core, idle after
        // the start (StatefulResolver: a parallelism of 1 uses no executor)
        config.put("felix.resolver.parallelism", "1");
        // Felix keeps each bundle's jar open, and an open jar holds its whole central directory on the heap
        // (bcprov's alone is 0.65 MiB); past this many open jars it closes the least recently used one and
        // opens it again when a class or resource is read from it (BundleCache, WeakZipFileFactory)
        config.put("felix.cache.filelimit", FILE_LIMIT);
        config.put("ds.loglevel", "warn");
        config.put("eclipse.ignoreApp", "true");
        config.put("osgi.console.enable.builtin", "false");
        config.put("streetgate.state.dir", stateDir.toString());

        Framework framework = factory(frameworkName).newFramework(config);
        framework.start();
        GatewayRuntime runtime = new GatewayRuntime(framework);
        // bundles are started one by one once the framework runs, so that a bundle that cannot start is
        // reported here with its reason and the others start anyway
        runtime.installAndStart(bundleDirs);
        return runtime;
    }

    private static FrameworkFactory factory(String name) {
        List<FrameworkFactory> factories = StreamSupport
                .stream(ServiceLoader.load(FrameworkFactory.class).spliterator(), false).toList();
        return factories.stream()
                .filter(f -> f.getClass().getName().toLowerCase().contains(name.toLowerCase()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no OSGi framework '" + name + "' on the class path; "
                        + "found: " + factories.stream().map(f -> f.getClass().getName()).collect(Collectors.joining(", "))));
    }

    private void installAndStart(List<Path> bundleDirs) throws IOException {
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        List<Path> jars = new ArrayList<>();
        for (Path bundleDir : bundleDirs) {
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(bundleDir, "*.jar")) {
                dir.forEach(found::add);
            }
            if (found.isEmpty()) {
                throw new IOException("no bundles in " + bundleDir);
            }
            found.sort(null);
            jars.addAll(found);
        }
        for (Path jar : jars) {
            try {
                installed.add(context.installBundle(jar.toUri().toString()));
            } catch (BundleException e) {
                LOG.error("Bundle {} cannot be installed: {}", jar.getFileName(), e.getMessage());
            }
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                LOG.error("Bundle {} cannot start: {}", bundle.getSymbolicName(), e.getMessage());
            }
        }
    }

    int bundleCount() {
        return framework.getBundleContext().getBundles().length;
    }

    /** Stops every bundle and the framework; waits up to {@code timeoutMillis}. */
    void stop(long timeoutMillis) {
        try {
            framework.stop();
            framework.waitForStop(timeoutMillis);
        } catch (BundleException e) {
            LOG.warn("Framework did not stop cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until the framework has stopped. */
    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /**
     * The folder of bundles to start: the installation's own, or the bundle set an OTA update installed in
     * {@code <state>/bundle-sets} (a one-shot trial that falls back at the next start unless committed).
     */
    static Path bundleSet(Path installBundles, Path stateDir, String version) throws IOException {
        return BundleSetPointer.startFolder(stateDir.resolve(BUNDLE_SETS), installBundles, version);
    }

    /** Where bundle sets live, under the state folder; the OTA agent installs into the same place. */
    static final String BUNDLE_SETS = "bundle-sets";

    /** A file the OTA agent writes before it stops the framework to have the launcher start it again. */
    static final String RESTART_REQUEST = "restart-requested";
}

package io.streetgate.site.osgi;

import io.streetgate.driver.DeviceCatalog;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.site.Problem;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the site file when it starts and turns its valid part into Config Admin configurations: singletons
 * for the node, analytics, broker, status and simulation, and one {@code streetgate.sensor} factory
 * configuration per sensor. Sensors no longer in the file lose their configuration. Problems are logged
 * once each and kept for {@code streetgate status}.
 */
@Component(immediate = true, service = CurrentSite.class, configurationPid = SiteConfigLoader.PID)
@Designate(ocd = SiteConfigLoader.Config.class)
public class SiteConfigLoader implements CurrentSite {

    public static final String PID = "streetgate.site";
    /** Framework property naming the site file when the component's own configuration does not. */
    public static final String FILE_PROPERTY = "streetgate.site.file";

    private static final Logger LOG = LoggerFactory.getLogger(SiteConfigLoader.class);

    @ObjectClassDefinition(name = "streetgate site file",
            description = "The site file the gateway runs on; its content becomes the other configurations.")
    public @interface Config {
        @AttributeDefinition(name = "Site file", description = "Path of the site file (YAML). Empty: the "
                + "framework property streetgate.site.file.")
        String file() default "";
    }

    private final ConfigurationAdmin configAdmin;
    private volatile Path file;
    /** The device types the gateway's drivers know: what a site file's sensors and actuators may be. */
    private final DeviceCatalog devices;
    private volatile SiteFile.Result result = new SiteFile.Result(Optional.empty(), List.of());

    @Activate
    public SiteConfigLoader(@Reference ConfigurationAdmin configAdmin, @Reference DeviceCatalog.Provider devices,
                            BundleContext context, Config config) {
        this.configAdmin = configAdmin;
        this.devices = devices.catalog();
        String name = config.file().isBlank() ? context.getProperty(FILE_PROPERTY) : config.file();
        if (name == null || name.isBlank()) {
            LOG.error("No site file: set the framework property {} or the file of configuration {}",
                    FILE_PROPERTY, PID);
            return;
        }
        this.file = Path.of(name);
        load();
    }

    private synchronized void load() {
        SiteFile.Result read = SiteFile.read(file, devices);
        result = read;
        for (Problem p : read.problems()) {
            LOG.error("Site file problem (this entry is not running): {}", p);
        }
        read.config().ifPresentOrElse(this::apply,
                () -> LOG.error("Site file {} cannot be used; nothing is configured from it", file));
    }

    private void apply(SiteConfig site) {
        Set<String> sensors = new HashSet<>();
        Set<String> singletons = new HashSet<>();
        try {
            for (ConfigAdminMapping.Entry entry : ConfigAdminMapping.entries(site)) {
                if (!entry.isFactory()) {
                    singletons.add(entry.pid());
                }
                Configuration configuration = entry.isFactory()
                        ? configAdmin.getFactoryConfiguration(entry.pid(), entry.name(), "?")
                        : configAdmin.getConfiguration(entry.pid(), "?");
                if (configuration.updateIfDifferent(new Hashtable<>(entry.properties()))) {
                    LOG.debug("Configured {}", configuration.getPid());
                }
                if (entry.isFactory()) {
                    sensors.add(configuration.getPid());
                }
            }
            Configuration[] existing = configAdmin.listConfigurations(
                    "(service.factoryPid=" + ConfigAdminMapping.SENSOR_FACTORY_PID + ")");
            if (existing != null) {
                for (Configuration c : existing) {
                    if (!sensors.contains(c.getPid())) {
                        LOG.info("Sensor {} is no longer in the site file; removing its configuration", c.getPid());
                        c.delete();
                    }
                }
            }
            for (String pid : ConfigAdminMapping.OPTIONAL_PIDS) {
                Configuration[] left = singletons.contains(pid) ? null
                        : configAdmin.listConfigurations("(service.pid=" + pid + ")");
                if (left != null) {
                    LOG.info("{} is no longer in the site file; removing its configuration", pid);
                    for (Configuration c : left) {
                        c.delete();
                    }
                }
            }
            LOG.info("Site file {}: node {}, {} sensor(s) configured, {} problem(s)", file, site.node().id(),
                    site.sensors().size(), result.problems().size());
        } catch (IOException | InvalidSyntaxException e) {
            LOG.error("Could not write the configurations of site file {}: {}", file, e.toString());
        }
    }

    @Override
    public SiteFile.Result check(String text) {
        Path f = requireFile();
        return SiteFile.parse(text, f.getFileName().toString(), devices, f.toAbsolutePath().getParent());
    }

    @Override
    public SiteFile.Result reload() {
        requireFile();
        LOG.info("Reading site file {} again", file);
        load();
        return result;
    }

    private Path requireFile() {
        Path f = file;
        if (f == null) {
            throw new IllegalStateException("the gateway runs without a site file; set the framework property "
                    + FILE_PROPERTY);
        }
        return f;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public Optional<SiteConfig> config() {
        return result.config();
    }

    @Override
    public List<Problem> problems() {
        return result.problems();
    }
}

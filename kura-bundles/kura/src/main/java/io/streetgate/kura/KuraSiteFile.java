package io.streetgate.kura;

import io.streetgate.site.osgi.SiteConfigLoader;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.io.IOException;
import java.util.Hashtable;

/**
 * On a Kura gateway: names streetgate's site file in Kura's console. It writes the site loader's own
 * configuration, so the loader reads that file (Kura starts no launcher that would name it).
 */
@Component(immediate = true, service = ConfigurableComponent.class, configurationPid = KuraSiteFile.PID)
@Designate(ocd = KuraSiteFile.Config.class)
public class KuraSiteFile implements ConfigurableComponent {

    public static final String PID = "io.streetgate.kura.SiteFile";

    @ObjectClassDefinition(id = PID, name = "streetgate site file",
            description = "The streetgate site file this gateway runs on (check it with streetgate config validate).")
    public @interface Config {
        @AttributeDefinition(name = "Site file", description = "Path of the YAML site file, e.g. "
                + "/opt/streetgate/site.yaml; empty until you set it")
        String file() default "";
    }

    private final ConfigurationAdmin configAdmin;
    private final boolean launcherNamedIt;

    @Activate
    public KuraSiteFile(@Reference ConfigurationAdmin configAdmin, BundleContext context, Config config)
            throws IOException {
        this.configAdmin = configAdmin;
        // started by streetgate's own launcher, the site file is already named; this is for Kura only
        this.launcherNamedIt = context.getProperty(SiteConfigLoader.FILE_PROPERTY) != null;
        apply(config);
    }

    @Modified
    void apply(Config config) throws IOException {
        if (launcherNamedIt || config.file().isBlank()) {
            return;
        }
        Configuration c = configAdmin.getConfiguration(SiteConfigLoader.PID, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("file", config.file());
        c.updateIfDifferent(props);
    }
}

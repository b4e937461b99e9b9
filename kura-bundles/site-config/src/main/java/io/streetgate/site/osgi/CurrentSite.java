package io.streetgate.site.osgi;

import io.streetgate.site.Problem;
import io.streetgate.site.SiteConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The site file the gateway runs on, as last loaded, with its problems. Registered as an OSGi service. */
public interface CurrentSite {

    /** The file it was read from. */
    Path file();

    /** The valid part of the file; empty when the file could not be used at all. */
    Optional<SiteConfig> config();

    /** What is wrong with the file; entries with problems are not running. */
    List<Problem> problems();
}

/**
 * The site file: one human-readable YAML file that names the node, its buses, sensors, sampling periods and
 * outputs. {@link io.streetgate.site.SiteFile} reads and validates it; every problem names the key, the bad
 * value and what would be valid, and a bad entry never takes the others down.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.site;

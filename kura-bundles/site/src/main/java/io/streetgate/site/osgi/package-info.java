/** The site file in the framework: the loader that turns it into Config Admin configurations. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.streetgate.site.osgi;

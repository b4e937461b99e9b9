/** Stub of Kura's {@code org.eclipse.kura.configuration} package. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura.configuration;

/** Stub of Kura's {@code org.eclipse.kura.cloudconnection.listener} package. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura.cloudconnection.listener;

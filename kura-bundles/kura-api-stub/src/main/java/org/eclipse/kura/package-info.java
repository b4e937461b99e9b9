/** Stub of Kura's {@code org.eclipse.kura} package (exported at 1.0.0, which Kura 5's API satisfies). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura;

/**
 * Install backends behind one interface: bundle sets with an atomic pointer, A/B slots (directory, Raspberry Pi tryboot, RAUC).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.ota.install;

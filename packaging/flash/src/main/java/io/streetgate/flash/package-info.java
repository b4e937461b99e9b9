/**
 * {@code streetgate flash}: node images to SD cards and eMMC modules, mapped blocks only, verified, with per-node
 * config injected into the image's FAT config partition. {@link io.streetgate.flash.FlashCommand} is the command.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.flash;

/**
 * Register maps: a device model described in data ({@link io.streetgate.drivers.modbus.map.RegisterMap}), read
 * from YAML or JSON by {@link io.streetgate.drivers.modbus.map.RegisterMapLoader}, and the maps shipped with the
 * drivers ({@link io.streetgate.drivers.modbus.map.BuiltInMaps}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.drivers.modbus.map;

package io.streetgate.ota.install;

/**
 * Reboots the node; injected so tests (and the directory slot pair) can simulate it. The gateway's is
 * {@link RebootRequest}: it runs unprivileged and asks a root unit to reboot.
 */
@FunctionalInterface
public interface Rebooter {
    /** {@code tryboot}: boot the try-boot slot once (Raspberry Pi: {@code reboot "0 tryboot"}). */
    void reboot(boolean tryboot) throws InstallException;
}

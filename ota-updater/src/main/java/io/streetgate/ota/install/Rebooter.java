package io.streetgate.ota.install;

/** Reboots the node; injected so tests (and the directory slot pair) can simulate it. */
@FunctionalInterface
public interface Rebooter {
    /** {@code tryboot}: boot the try-boot slot once (Raspberry Pi: {@code reboot "0 tryboot"}). */
    void reboot(boolean tryboot) throws InstallException;

    /** The real thing, through the reboot command (systemd's reboot passes the argument to the firmware). */
    static Rebooter command(CommandRunner runner) {
        return tryboot -> {
            CommandRunner.Result r = runner.run(tryboot ? java.util.List.of("reboot", "0 tryboot") : java.util.List.of("reboot"),
                    java.time.Duration.ofSeconds(60));
            if (r.exitCode() != 0) {
                throw new InstallException("reboot failed (exit " + r.exitCode() + "): " + r.err());
            }
        };
    }
}

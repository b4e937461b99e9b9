package io.streetgate.drivers.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import io.streetgate.drivers.pi4j.serial.LinuxTtySerialProvider;

/**
 * Pi4J contexts for real hardware. Untested here as a whole: it needs a Raspberry Pi (the providers open
 * {@code /dev/i2c-*}, {@code /dev/gpiochip*} and {@code /sys/class/pwm}); the tests run the same drivers on the
 * simulator's providers instead, and the serial provider on its own against socat pty pairs.
 */
public final class Pi4jPlatforms {

    /** sysfs PWM root, and the PWM chip of the RP1 (Pi 5) and of older Pis (pi4j-plugin-linuxfs 2.8 defaults). */
    private static final String PWM_SYSFS = "/sys/class/pwm";
    private static final int PWM_CHIP_RP1 = 2;
    private static final int PWM_CHIP_LEGACY = 0;

    private Pi4jPlatforms() {
    }

    /**
     * A context on a Raspberry Pi: linuxfs for I2C and PWM, gpiod for digital I/O, this module's Linux tty
     * provider for serial ports (Pi4J 2.8's serial providers need the pigpio daemon). The providers are handed
     * over explicitly, without Pi4J's ServiceLoader auto-detection, which cannot see plugins inside OSGi (they
     * are embedded in this bundle).
     */
    public static Context hardware() {
        int pwmChip = BoardInfoHelper.usesRP1() ? PWM_CHIP_RP1 : PWM_CHIP_LEGACY;
        return Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(LinuxFsI2CProvider.newInstance(),
                        LinuxFsPwmProvider.newInstance(PWM_SYSFS, pwmChip),
                        GpioDDigitalInputProvider.newInstance(),
                        GpioDDigitalOutputProvider.newInstance(),
                        new LinuxTtySerialProvider())
                .build();
    }
}

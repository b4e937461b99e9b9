package io.streetgate.drivers.modbus.map;

import java.util.List;

/** A map file that cannot be used, with one problem per mistake, each naming the key, the value and the fix. */
public class RegisterMapException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public RegisterMapException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

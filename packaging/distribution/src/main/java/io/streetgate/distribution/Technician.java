package io.streetgate.distribution;

import java.io.Console;
import java.util.Locale;
import java.util.Optional;

/**
 * The person at the terminal, asked what only a person can check (does the lamp light up?) or do (wave at the
 * PIR). Present only when a console is attached ({@link System#console()}); scripts and pipes get no prompts.
 */
interface Technician {

    /** Says what to do now. */
    void tell(String text);

    /** Asks a yes/no question until the answer is y or n; an empty answer or the end of input is no. */
    boolean confirm(String question);

    /** The person at this process's console, if there is one. */
    static Optional<Technician> atConsole() {
        Console console = System.console();
        return console == null ? Optional.empty() : Optional.of(new AtConsole(console));
    }

    record AtConsole(Console console) implements Technician {
        @Override
        public void tell(String text) {
            console.printf("%s%n", text);
            console.flush();
        }

        @Override
        public boolean confirm(String question) {
            while (true) {
                String answer = console.readLine("%s [y/n] ", question);
                if (answer == null || answer.isBlank()) {
                    return false;
                }
                switch (answer.trim().toLowerCase(Locale.ROOT)) {
                    case "y", "yes" -> {
                        return true;
                    }
                    case "n", "no" -> {
                        return false;
                    }
                    default -> console.printf("Please answer y or n.%n");
                }
            }
        }
    }
}

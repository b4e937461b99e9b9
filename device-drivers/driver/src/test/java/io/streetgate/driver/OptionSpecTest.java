package io.streetgate.driver;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionSpecTest {

    private final List<String> problems = new ArrayList<>();

    @Test
    void aChoiceNamesTheValidValuesWhenWrong() {
        OptionSpec spec = OptionSpec.choice("oversampling", "", "x1", "x1", "x2", "x4");
        assertEquals(Optional.of("x2"), spec.check("x2", problems::add));
        assertEquals(Optional.empty(), spec.check("x3", problems::add));
        assertEquals(List.of("is not one of x1, x2, x4"), problems);
    }

    @Test
    void integersAcceptHexAndStayInRange() {
        OptionSpec spec = OptionSpec.integer("mtreg", "", 31, 254, 69L);
        assertEquals(Optional.of("69"), spec.check("0x45", problems::add));
        assertEquals(Optional.empty(), spec.check("300", problems::add));
        assertEquals(Optional.empty(), spec.check("lots", problems::add));
        assertEquals("is outside 31..254", problems.get(0));
        assertTrue(problems.get(1).contains("31..254"));
    }

    @Test
    void durationsAreNormalisedAndBounded() {
        OptionSpec spec = OptionSpec.duration("debounce", "", Duration.ofMillis(1), Duration.ofSeconds(1),
                Duration.ofMillis(50));
        assertEquals("50ms", spec.defaultValue());
        assertEquals(Optional.of("1s"), spec.check("1000ms", problems::add));
        assertEquals(Optional.empty(), spec.check("2s", problems::add));
        assertEquals(Optional.empty(), spec.check("fast", problems::add));
        assertEquals("is outside 1ms..1s", problems.get(0));
        assertTrue(problems.get(1).startsWith("is not a duration; write a number with a unit"));
    }
}

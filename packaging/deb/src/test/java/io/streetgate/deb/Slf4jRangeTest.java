package io.streetgate.deb;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Slf4jRangeTest {

    @Test
    void slf4jTwoRangesBecomeOneSevenToThree() {
        assertEquals("com.pi4j;version=\"[2.8,3)\",org.slf4j;version=\"[1.7,3)\",org.slf4j.spi;version=\"[1.7,3)\"",
                Slf4jRange.widenedImports(
                        "com.pi4j;version=\"[2.8,3)\",org.slf4j;version=\"[2.0,3)\",org.slf4j.spi;version=\"[2.0,3)\""));
    }

    @Test
    void otherAttributesStayAndOtherPackagesAreUntouched() {
        assertEquals("org.slf4j;resolution:=optional;version=\"[1.7,3)\";x=y,org.slf4jx;version=\"[2.0,3)\"",
                Slf4jRange.widenedImports(
                        "org.slf4j;resolution:=optional;version=\"[2.0,3)\";x=y,org.slf4jx;version=\"[2.0,3)\""));
    }

    @Test
    void aRangeThatAlreadyTakesOneSevenIsLeftAsItIs() {
        String header = "org.slf4j;version=\"[1.7,3)\",org.slf4j.bridge";
        assertEquals(header, Slf4jRange.widenedImports(header));
    }
}

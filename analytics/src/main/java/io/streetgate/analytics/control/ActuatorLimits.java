package io.streetgate.analytics.control;

/**
 * What an actuator accepts from a person's override.
 *
 * @param switching  an on/off output (a relay): only 0 and 1
 * @param floor      for a lamp: the level that meets its lighting class; a level between 0 and this is refused
 *                   (0 switches the lamp off, e.g. for maintenance). 0 when there is no floor
 * @param floorName  what the floor stands for in messages, e.g. {@code the M4 minimum}
 * @param interlockedWith another actuator that must never be on at the same time (heating and cooling), or null
 */
public record ActuatorLimits(boolean switching, double floor, String floorName, String interlockedWith) {

    public static ActuatorLimits dimmable() {
        return new ActuatorLimits(false, 0, "", null);
    }

    public static ActuatorLimits onOff() {
        return new ActuatorLimits(true, 0, "", null);
    }

    public static ActuatorLimits lamp(double floor, String floorName) {
        return new ActuatorLimits(false, floor, floorName, null);
    }

    public ActuatorLimits interlockedWith(String other) {
        return new ActuatorLimits(switching, floor, floorName, other);
    }
}

package io.streetgate.drivers.modbus.map;

/** Entries for tests, without a map file. */
public final class MapFixtures {

    private MapFixtures() {
    }

    public static Point point(String name, RegisterTable table, int address, DataType type, WordOrder order) {
        return new Point(name, table, address, type, order, -1, 1.0, 0.0, Transform.NONE, null, false, null, "");
    }

    /** A one-register entry. */
    public static Point register(String name, RegisterTable table, int address) {
        return point(name, table, address, DataType.UINT16, WordOrder.ABCD);
    }

    /** An entry of {@code registers} registers. */
    public static Point wide(String name, RegisterTable table, int address, int registers) {
        DataType type = switch (registers) {
            case 1 -> DataType.UINT16;
            case 2 -> DataType.FLOAT32;
            case 4 -> DataType.FLOAT64;
            default -> throw new IllegalArgumentException("registers " + registers);
        };
        return point(name, table, address, type, WordOrder.ABCD);
    }
}

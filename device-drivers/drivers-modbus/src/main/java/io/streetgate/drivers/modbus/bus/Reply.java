package io.streetgate.drivers.modbus.bus;

import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.modbus.ModbusDriverException;

import java.util.Arrays;

/**
 * What came back for one request, judged from the bytes on the line: the response PDU, or why there is none.
 * Pure: built from a copy of the received bytes, the request's unit and function, and the response length the
 * request calls for. Frame layouts: Modbus messaging on TCP/IP v1.0b (MBAP header of 7 bytes, its length
 * field counting the unit id and the PDU) and Modbus over serial line v1.02 (unit, PDU, CRC-16 low byte first).
 */
sealed interface Reply {

    /** A well-formed answer. */
    record Answer(byte[] pdu) implements Reply {
    }

    /** An exception response. */
    record Exception(int code) implements Reply {
    }

    /** Nothing came back. */
    record Silence() implements Reply {
    }

    /** RTU: a complete frame whose CRC is wrong. */
    record BadCrc(byte[] frame) implements Reply {
    }

    /** Fewer bytes than the frame needs. */
    record Short(int received, int expected) implements Reply {
    }

    /** A complete frame whose content contradicts itself or the request. */
    record Malformed(String why) implements Reply {
    }

    /** A frame from another unit than the one asked. */
    record OtherUnit(int unit) implements Reply {
    }

    /**
     * @param received          the bytes that arrived after the request went out
     * @param tcp               MBAP framing, else RTU
     * @param unit              the unit asked
     * @param function          the function code asked
     * @param responsePduLength the length of a normal response PDU (function code included)
     */
    static Reply judge(byte[] received, boolean tcp, int unit, int function, int responsePduLength) {
        if (received.length == 0) {
            return new Silence();
        }
        return tcp ? tcp(received, unit, function, responsePduLength) : rtu(received, unit, function, responsePduLength);
    }

    private static Reply tcp(byte[] b, int unit, int function, int pduLength) {
        if (b.length < 7) {
            return new Short(b.length, 7 + pduLength);
        }
        int total = 6 + (((b[4] & 0xFF) << 8) | (b[5] & 0xFF));
        if (b.length < total) {
            return new Short(b.length, total);
        }
        if ((b[6] & 0xFF) != unit) {
            return new OtherUnit(b[6] & 0xFF);
        }
        return pdu(Arrays.copyOfRange(b, 7, total), function, pduLength);
    }

    private static Reply rtu(byte[] b, int unit, int function, int pduLength) {
        if (b.length < 3) {
            return new Short(b.length, pduLength + 3);
        }
        int frameLength;
        if ((b[1] & 0x80) != 0) {
            frameLength = 5;
        } else if ((b[1] & 0xFF) <= 0x04) {
            frameLength = 3 + (b[2] & 0xFF) + 2; // unit, function, byte count, data, CRC
        } else {
            frameLength = pduLength + 3;
        }
        if (b.length < frameLength || !Crc16.valid(b, frameLength)) {
            if (Crc16.valid(b, b.length)) {
                return new Malformed("the byte count says " + (b[2] & 0xFF) + " while " + (b.length - 5)
                        + " data bytes came with a good CRC");
            }
            return b.length < frameLength ? new Short(b.length, frameLength) : new BadCrc(Arrays.copyOf(b, frameLength));
        }
        if ((b[0] & 0xFF) != unit) {
            return new OtherUnit(b[0] & 0xFF);
        }
        return pdu(Arrays.copyOfRange(b, 1, frameLength - 2), function, pduLength);
    }

    private static Reply pdu(byte[] pdu, int function, int pduLength) {
        if (pdu.length >= 1 && (pdu[0] & 0xFF) == (function | 0x80)) {
            return pdu.length == 2 ? new Exception(pdu[1] & 0xFF) : new Malformed("exception response of "
                    + pdu.length + " bytes");
        }
        if (pdu.length == 0 || (pdu[0] & 0xFF) != function) {
            return new Malformed("function " + (pdu.length == 0 ? "missing" : pdu[0] & 0xFF) + " answers function "
                    + function);
        }
        if (function <= 0x04 && pdu.length >= 2 && (pdu[1] & 0xFF) != pdu.length - 2) {
            return new Malformed("the byte count says " + (pdu[1] & 0xFF) + " while " + (pdu.length - 2)
                    + " data bytes follow");
        }
        if (pdu.length != pduLength) {
            return new Malformed(pdu.length + " bytes where the request calls for " + pduLength);
        }
        return new Answer(pdu);
    }

    /** The fault and message for a reply that is not an answer. */
    static ModbusDriverException failure(Reply reply, int unit, String request, long timeoutMillis) {
        if (reply instanceof Silence) {
            return new ModbusDriverException(DriverFault.TIMEOUT, "unit " + unit + " did not answer " + request
                    + " within " + timeoutMillis + " ms");
        }
        if (reply instanceof BadCrc) {
            return new ModbusDriverException(DriverFault.CHECKSUM, "the reply of unit " + unit + " to " + request
                    + " failed its CRC");
        }
        if (reply instanceof Short s) {
            return new ModbusDriverException(DriverFault.PROTOCOL, "short reply from unit " + unit + " to " + request
                    + ": " + s.received() + " of " + s.expected() + " bytes");
        }
        if (reply instanceof Malformed m) {
            return new ModbusDriverException(DriverFault.PROTOCOL, "malformed reply from unit " + unit + " to "
                    + request + ": " + m.why());
        }
        if (reply instanceof OtherUnit o) {
            return new ModbusDriverException(DriverFault.PROTOCOL, "unit " + o.unit() + " answered " + request
                    + " meant for unit " + unit);
        }
        if (reply instanceof Exception e) {
            return new ModbusDriverException(ModbusDriverException.faultOf(e.code()), "unit " + unit + " answered "
                    + request + " with exception " + String.format("0x%02X", e.code()) + " ("
                    + ModbusDriverException.exceptionName(e.code()) + ")", e.code());
        }
        throw new IllegalArgumentException("an answer is not a failure");
    }
}

"""The fair peer of ModbusPollBench: a Modbus master that, like the driver, opens its connection once and keeps
it, then polls the same input-register reads each cycle and decodes the FLOAT32 values (high word first).

Debian's pymodbus (python3-pymodbus 3.0), run with /usr/bin/python3:
  kept_connection_poll.py tcp HOST PORT WARMUP CYCLES START:REGISTERS...
  kept_connection_poll.py rtu DEVICE BAUD WARMUP CYCLES START:REGISTERS...
START is the protocol (0-based) address. Prints one line per measured cycle: its wall time in milliseconds.
"""
import struct
import sys
import time

from pymodbus.client import ModbusSerialClient, ModbusTcpClient


def main(argv):
    mode, target, port_or_baud, warmup, cycles = argv[1:6]
    reads = [tuple(int(x) for x in r.split(":")) for r in argv[6:]]
    if mode == "tcp":
        client = ModbusTcpClient(target, port=int(port_or_baud), timeout=2)
    else:
        client = ModbusSerialClient(port=target, baudrate=int(port_or_baud), parity="N", timeout=2)
    if not client.connect():
        sys.exit(f"kept_connection_poll: cannot connect to {target} ({mode})")
    try:
        for i in range(int(warmup) + int(cycles)):
            t = time.perf_counter()
            values = []
            for start, count in reads:
                response = client.read_input_registers(start, count, slave=1)
                if response.isError():
                    sys.exit(f"kept_connection_poll: read {start}:{count} failed: {response}")
                raw = struct.pack(f">{count}H", *response.registers)
                values.extend(struct.unpack(f">{count // 2}f", raw))
            millis = (time.perf_counter() - t) * 1000
            if i >= int(warmup):
                print(f"{millis:.4f}", flush=True)
    finally:
        client.close()


if __name__ == "__main__":
    main(sys.argv)

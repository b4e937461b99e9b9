# A pymodbus 3.0 slave holding the values a JSON file describes, laid out with Python's own struct module so
# that the word orders are encoded independently of streetgate's code.
# usage: pymodbus_slave.py VALUES.json tcp PORT      |   pymodbus_slave.py VALUES.json rtu DEVICE BAUD
# VALUES.json: [{"unit": 1, "table": "input", "address": 0, "type": "FLOAT32", "order": "CDAB", "value": 2.5}, ...]
# Prints "ready" once it serves; runs until it is killed.
import asyncio, json, math, struct, sys
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusSlaveContext, ModbusServerContext
from pymodbus.server import StartAsyncTcpServer, StartAsyncSerialServer
from pymodbus.transaction import ModbusRtuFramer

FORMATS = {"INT16": ">h", "UINT16": ">H", "INT32": ">i", "UINT32": ">I", "FLOAT32": ">f", "INT64": ">q",
           "UINT64": ">Q", "FLOAT64": ">d"}


def registers(raw, order):
    """Big-endian bytes to registers in a word order (letters = bytes of the value, most significant first)."""
    words = [raw[i:i + 2] for i in range(0, len(raw), 2)]
    if order in ("CDAB", "DCBA"):
        words.reverse()
    if order in ("BADC", "DCBA"):
        words = [w[::-1] for w in words]
    return [int.from_bytes(w, "big") for w in words]


def encode(entry):
    kind, order, value = entry["type"], entry.get("order", "ABCD"), entry["value"]
    if kind == "BOOL":
        return [1 if value else 0]
    if kind == "LONG_REAL":
        whole = math.floor(value)
        return registers(struct.pack(">i", whole), order) + registers(struct.pack(">f", value - whole), order)
    fmt = FORMATS[kind]
    if fmt[-1] in "hHiIqQ":
        value = int(round(value))
    return registers(struct.pack(fmt, value), order)


def main():
    with open(sys.argv[1]) as f:
        entries = json.load(f)
    units = {}
    for e in entries:
        tables = units.setdefault(e["unit"], {"coil": [0] * 65536, "discrete": [0] * 65536,
                                              "input": [0] * 65536, "holding": [0] * 65536})
        for i, r in enumerate(encode(e)):
            tables[e["table"]][e["address"] + i] = r
    slaves = {u: ModbusSlaveContext(co=ModbusSequentialDataBlock(0, t["coil"]),
                                    di=ModbusSequentialDataBlock(0, t["discrete"]),
                                    ir=ModbusSequentialDataBlock(0, t["input"]),
                                    hr=ModbusSequentialDataBlock(0, t["holding"]), zero_mode=True)
              for u, t in units.items()}
    context = ModbusServerContext(slaves=slaves, single=False)
    print("ready", flush=True)
    if sys.argv[2] == "tcp":
        asyncio.run(StartAsyncTcpServer(context=context, address=("127.0.0.1", int(sys.argv[3]))))
    else:
        asyncio.run(StartAsyncSerialServer(context=context, framer=ModbusRtuFramer, port=sys.argv[3],
                                           baudrate=int(sys.argv[4]), bytesize=8, parity="N", stopbits=1))


main()

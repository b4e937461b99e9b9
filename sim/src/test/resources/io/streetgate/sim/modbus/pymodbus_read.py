# A pymodbus 3.0 client that reads a Modbus slave and prints what it got, one line per read:
#   TABLE ADDRESS: v1 v2 ...      or   TABLE ADDRESS: exception CODE   or   TABLE ADDRESS: error TEXT
# usage: pymodbus_read.py tcp PORT UNIT READ...   |   pymodbus_read.py rtu DEVICE BAUD UNIT READ...
# where READ is TABLE:ADDRESS:COUNT with TABLE one of coil, discrete, input, holding (PDU addresses),
# or write:ADDRESS:VALUE (function 06).
import sys
from pymodbus.client import ModbusTcpClient, ModbusSerialClient

mode = sys.argv[1]
if mode == "tcp":
    client = ModbusTcpClient("127.0.0.1", port=int(sys.argv[2]), timeout=2, retries=0)
    unit = int(sys.argv[3])
    reads = sys.argv[4:]
else:
    client = ModbusSerialClient(port=sys.argv[2], baudrate=int(sys.argv[3]), parity="N", stopbits=1, bytesize=8,
                                timeout=2, retries=0)
    unit = int(sys.argv[4])
    reads = sys.argv[5:]
if not client.connect():
    print("error cannot connect")
    sys.exit(2)
for spec in reads:
    table, address, count = spec.split(":")
    address, count = int(address), int(count)
    try:
        if table == "write":
            rr = client.write_register(address, count, slave=unit)
        elif table == "coil":
            rr = client.read_coils(address, count, slave=unit)
        elif table == "discrete":
            rr = client.read_discrete_inputs(address, count, slave=unit)
        elif table == "input":
            rr = client.read_input_registers(address, count, slave=unit)
        else:
            rr = client.read_holding_registers(address, count, slave=unit)
        if rr.isError():
            code = getattr(rr, "exception_code", None)
            print(f"{table} {address}: " + (f"exception {code}" if code is not None else f"error {rr}"))
        elif table == "write":
            print(f"{table} {address}: ok")
        elif table in ("coil", "discrete"):
            print(f"{table} {address}: " + " ".join(str(int(b)) for b in rr.bits[:count]))
        else:
            print(f"{table} {address}: " + " ".join(str(r) for r in rr.registers))
    except Exception as e:  # a timeout or a broken reply
        print(f"{table} {address}: error {type(e).__name__} {e}".replace("\n", " "))
client.close()

/// The station the container tests run inside the container (python3 is in its root file system): protocol v1
/// over TCP from inside the container's network namespace, so port 7117 there is the socket unit's.
enum StationScript {
    static let path = "/srv/test/station.py"

    static let source = #"""
"""A checkpoint station for tests inside the container: speaks protocol v1 over TCP.

  station.py probe PORT                       one line before HELLO; prints the reply
  station.py lines PORT ID TOKEN LINE...      HELLO, then each LINE; prints every reply
  station.py send PORT ID TOKEN FIRST COUNT ACKED
                                              HELLO, COUNT TEMP records from seq FIRST, pipelined
  station.py load PORT ID TOKEN FIRST ACKED STOP
                                              one record at a time until the file STOP exists; on a
                                              timeout or a dropped connection, reconnects and sends the
                                              same seq again (the daemon answers DUP if it had it)
Every seq answered OK or DUP is appended to ACKED at once. The last line printed is a summary.
"""
import os, socket, sys, time

def connect(port, timeout):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.settimeout(timeout)
    return s, s.makefile("rb")

def record(seq):
    return "TEMP seq=%d person=138%08d temp=36.%d\n" % (seq, 10000000 + seq % 1000, seq % 10)

def hello(sock, reader, station, token):
    sock.sendall(("HELLO station=%s token=%s\n" % (station, token)).encode())
    line = reader.readline().decode().strip()
    if not line:
        raise OSError("connection closed before the HELLO reply")
    if not line.startswith("OK HELLO"):
        raise RuntimeError("HELLO refused: " + line)
    return line

def acked_seq(line):
    parts = line.split()
    if len(parts) >= 2 and parts[0] in ("OK", "DUP") and parts[1].startswith("seq="):
        return int(parts[1][4:])
    return None

def main():
    mode = sys.argv[1]
    port = int(sys.argv[2])
    if mode == "probe":
        sock, reader = connect(port, 30)
        sock.sendall(b"PING\n")
        print(reader.readline().decode().strip())
        return 0
    if mode == "lines":
        sock, reader = connect(port, 30)
        print(hello(sock, reader, sys.argv[3], sys.argv[4]))
        for line in sys.argv[5:]:
            sock.sendall((line + "\n").encode())
            print(reader.readline().decode().strip())
        return 0
    station, token, first = sys.argv[3], sys.argv[4], int(sys.argv[5])
    if mode == "send":
        count, acked = int(sys.argv[6]), open(sys.argv[7], "a")
        sock, reader = connect(port, 30)
        print(hello(sock, reader, station, token))
        sock.sendall("".join(record(seq) for seq in range(first, first + count)).encode())
        ok = dup = err = 0
        for _ in range(count):
            line = reader.readline().decode().strip()
            seq = acked_seq(line)
            if seq is None:
                err += 1
                print("unexpected reply: " + line)
                continue
            ok += line.startswith("OK")
            dup += line.startswith("DUP")
            acked.write("%d\n" % seq)
            acked.flush()
        print("summary ok=%d dup=%d err=%d" % (ok, dup, err))
        return 0 if err == 0 else 1
    if mode == "load":
        acked, stop = open(sys.argv[6], "a"), sys.argv[7]
        seq, ok, dup, reconnects = first, 0, 0, 0
        sock = None
        while not os.path.exists(stop):
            try:
                if sock is None:
                    sock, reader = connect(port, 2)
                    hello(sock, reader, station, token)
                sock.sendall(record(seq).encode())
                line = reader.readline().decode().strip()
                if not line:
                    raise OSError("connection closed")
                if acked_seq(line) != seq:
                    raise RuntimeError("unexpected reply to seq %d: %s" % (seq, line))
                ok += line.startswith("OK")
                dup += line.startswith("DUP")
                acked.write("%d\n" % seq)
                acked.flush()
                seq += 1
                time.sleep(0.01)
            except (OSError, socket.timeout, RuntimeError) as error:
                # Across the watchdog restart anything can happen to a connection: start a new one.
                sys.stderr.write("load: reconnecting after: %s\n" % error)
                reconnects += 1
                if sock is not None:
                    sock.close()
                sock = None
                time.sleep(0.2)
        print("summary ok=%d dup=%d reconnects=%d next=%d" % (ok, dup, reconnects, seq))
        return 0
    print("unknown mode " + mode)
    return 2

sys.exit(main())
"""#
}

#!/usr/bin/env bash
# The Debian package on a clean Debian 12 booted under systemd (issue 7, acceptance 4). Runs INSIDE the
# container, as root, with the two packages beside it:
#
#   test-package.sh checkpointd_0.1.0-1_amd64.deb checkpointd_0.1.0+test1-1_amd64.deb
#
# Tests/PackageTests builds both with packaging/build-deb and runs this through scripts/systemd-container:
#   scripts/systemd-container run --copy OLD.deb:/srv/test/OLD.deb --copy NEW.deb:/srv/test/NEW.deb \
#       packaging/test-package.sh OLD.deb NEW.deb
# The container has no network and no Swift toolchain. Prints one "ok"/"not ok" line per check; exits 1 when
# any failed, 2 when it could not run at all.
set -uo pipefail

old_deb="$(readlink -f "${1:?usage: test-package.sh OLD.deb NEW.deb}")"
new_deb="$(readlink -f "${2:?usage: test-package.sh OLD.deb NEW.deb}")"
work=/srv/test
cd "$work" || exit 2
export DEBIAN_FRONTEND=noninteractive

checks=0
failures=0
started=$SECONDS

ok() { checks=$((checks + 1)); echo "ok $checks - $1"; }
not_ok() {
    checks=$((checks + 1)); failures=$((failures + 1))
    echo "not ok $checks - $1"
    [ -z "${2:-}" ] || sed 's/^/#   /' <<<"$2"
}
# check DESCRIPTION COMMAND...: runs COMMAND; ok when it exits 0, else not ok with its output.
check() {
    local description="$1" output
    shift
    if output="$("$@" 2>&1)"; then ok "$description"; else not_ok "$description" "$output"; fi
}
# expect DESCRIPTION WANTED COMMAND...: ok when COMMAND's output (trimmed) is exactly WANTED.
expect() {
    local description="$1" wanted="$2" output
    shift 2
    output="$("$@" 2>&1)"
    output="$(sed -e 's/[[:space:]]*$//' <<<"$output")"
    if [ "$output" = "$wanted" ]; then ok "$description"; else not_ok "$description" "wanted: $wanted"$'\n'"got:    $output"; fi
}
fatal() { not_ok "$1" "${2:-}"; echo "# cannot go on; $failures of $checks checks failed"; exit 1; }
step() { echo "# --- $* (at $((SECONDS - started)) s)"; }

database=/var/lib/checkpointd/checkpointd.db
units=(checkpointd.service checkpointd.socket checkpointd-control.socket)
sql() { runuser -u checkpointd -- sqlite3 -batch "$database" "$1"; }

# A station speaking protocol v1 over TCP (python3 is in the container's root, and nothing of the package's).
cat >"$work/station.py" <<'PYTHON'
"""station.py send PORT ID TOKEN FIRST COUNT ACKED | load PORT ID TOKEN FIRST ACKED STOP
send: HELLO, COUNT TEMP records from seq FIRST, one answer each. load: one record at a time until the file STOP
exists, reconnecting (and sending the same seq again) when the daemon goes away. Every seq answered OK or DUP is
appended to ACKED at once; the last line printed is a summary."""
import os, socket, sys, time

def connect(port, station, token, timeout):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.settimeout(timeout)
    reader = sock.makefile("rb")
    sock.sendall(("HELLO station=%s token=%s\n" % (station, token)).encode())
    line = reader.readline().decode().strip()
    if not line.startswith("OK HELLO"):
        raise RuntimeError("HELLO refused: " + line)
    return sock, reader

def record(seq):
    return ("TEMP seq=%d person=139%08d temp=36.%d\n" % (seq, seq % 100000000, seq % 10)).encode()

def acked(line, seq):
    parts = line.split()
    return len(parts) >= 2 and parts[0] in ("OK", "DUP") and parts[1] == "seq=%d" % seq

mode, port, station, token, first = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
if mode == "send":
    count, out = int(sys.argv[6]), open(sys.argv[7], "a")
    sock, reader = connect(port, station, token, 30)
    sock.sendall(b"".join(record(seq) for seq in range(first, first + count)))
    good = 0
    for seq in range(first, first + count):
        line = reader.readline().decode().strip()
        if acked(line, seq):
            good += 1
            out.write("%d\n" % seq)
            out.flush()
        else:
            print("unexpected reply to seq %d: %s" % (seq, line))
    print("summary acked=%d of %d" % (good, count))
    sys.exit(0 if good == count else 1)
out, stop = open(sys.argv[6], "a"), sys.argv[7]
seq, good, reconnects, sock = first, 0, 0, None
while not os.path.exists(stop):
    try:
        if sock is None:
            sock, reader = connect(port, station, token, 5)
        sock.sendall(record(seq))
        line = reader.readline().decode().strip()
        if not line:
            raise OSError("connection closed")
        if not acked(line, seq):
            raise RuntimeError("unexpected reply to seq %d: %s" % (seq, line))
        good += 1
        out.write("%d\n" % seq)
        out.flush()
        seq += 1
        time.sleep(0.005)
    except (OSError, RuntimeError):
        reconnects += 1
        if sock is not None:
            sock.close()
        sock = None
        time.sleep(0.2)
print("summary acked=%d reconnects=%d next=%d" % (good, reconnects, seq))
PYTHON

# ------------------------------------------------------------------------------------------------------------------
step "a clean Debian 12 without a Swift toolchain"
expect "the container runs systemd 252" "252" sh -c "systemctl --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p'"
check "no swift on PATH" sh -c '! command -v swift'
check "no Swift runtime anywhere" sh -c '! find / -xdev \( -name "libswiftCore.so*" -o -name swift -type f \) -print -quit | grep -q .'
check "checkpointd is not installed" sh -c '! dpkg-query -W -f="\${Status}" checkpointd 2>/dev/null | grep -q installed'

# ------------------------------------------------------------------------------------------------------------------
step "apt install ./$(basename "$old_deb")"
install_log="$(apt install -y "./$(basename "$old_deb")" 2>&1)" \
    || fatal "apt install of $(basename "$old_deb")" "$install_log"
ok "apt install ./$(basename "$old_deb")"
expect "dpkg: installed, version $(dpkg-deb -f "$old_deb" Version)" "install ok installed $(dpkg-deb -f "$old_deb" Version)" \
    dpkg-query -W -f='${Status} ${Version}' checkpointd

for path in /usr/sbin/checkpointd /usr/bin/checkpointctl /usr/bin/checkpoint-station \
    /lib/systemd/system/checkpointd.service /lib/systemd/system/checkpointd.socket \
    /lib/systemd/system/checkpointd-control.socket /usr/lib/sysusers.d/checkpointd.conf \
    /usr/lib/systemd/catalog/checkpointd.catalog /etc/checkpointd/checkpointd.conf \
    /usr/share/man/man8/checkpointd.8.gz /usr/share/man/man1/checkpointctl.1.gz \
    /usr/share/man/man1/checkpoint-station.1.gz /usr/share/man/man5/checkpointd.conf.5.gz \
    /usr/share/bash-completion/completions/checkpointctl /usr/share/zsh/vendor-completions/_checkpointctl \
    /usr/share/fish/vendor_completions.d/checkpointctl.fish /usr/share/doc/checkpointd/copyright \
    /usr/share/doc/checkpointd/changelog.Debian.gz; do
    check "installed: $path" test -f "$path"
done
# dh_compress gzips documents over 4 KiB, so the README may be README.md.gz.
check "installed: README.md in /usr/share/doc/checkpointd" sh -c 'ls /usr/share/doc/checkpointd/README.md*' 
check "installed: docs/*.md in /usr/share/doc/checkpointd" sh -c 'ls /usr/share/doc/checkpointd/protocol.md* /usr/share/doc/checkpointd/configuration.md*'
check "installed: the alert_command example" sh -c 'ls /usr/share/doc/checkpointd/examples/alert-sms.sh*'
check "/etc/checkpointd/checkpointd.conf is a conffile" \
    sh -c "dpkg-query -W -f='\${Conffiles}' checkpointd | grep -q '^ /etc/checkpointd/checkpointd.conf '"
expect "the sysusers entry made the system user" "checkpointd:checkpointd daemon:/var/lib/checkpointd:/usr/sbin/nologin" \
    sh -c 'getent passwd checkpointd | cut -d: -f1,5-'
check "the user is a system user (uid < 1000)" sh -c '[ "$(id -u checkpointd)" -lt 1000 ]'
expect "and its group" "checkpointd" id -gn checkpointd
check "the catalog is in journald's database" \
    sh -c 'journalctl --list-catalog 2>/dev/null | grep -qi "checkpointd is ready"'

expect "units enabled" $'enabled\nenabled\nenabled' systemctl is-enabled "${units[@]}"
expect "units active right after install" $'active\nactive\nactive' systemctl is-active "${units[@]}"
check "the service said READY=1 (Type=notify) and is running" \
    sh -c '[ "$(systemctl show -P SubState checkpointd.service)" = running ]'
check "TCP 7117 is listening" sh -c "ss -Htln 'sport = :7117' | grep -q 7117"
# Least privilege (docs/security.md): operators (group checkpointd) reach the control socket, local station
# terminals (group checkpointd-station) the station socket, and neither the other's.
expect "socket permissions" $'/run/checkpointd/control.sock 660 checkpointd\n/run/checkpointd/station.sock 660 checkpointd-station' \
    stat -c '%n %a %G' /run/checkpointd/control.sock /run/checkpointd/station.sock
check "the package made the groups checkpointd-station and checkpointd-admin" \
    getent group checkpointd-station checkpointd-admin
expect "the daemon runs as checkpointd" "checkpointd" \
    sh -c 'ps -o user= -p "$(systemctl show -P MainPID checkpointd.service)"'

# ------------------------------------------------------------------------------------------------------------------
step "the binaries run without a Swift toolchain"
for binary in /usr/sbin/checkpointd /usr/bin/checkpointctl /usr/bin/checkpoint-station; do
    libraries="$(ldd "$binary" 2>&1)"
    if grep -qiE 'swift|not found|/opt/' <<<"$libraries"; then
        not_ok "ldd $binary: only system libraries" "$libraries"
    else
        ok "ldd $binary: only system libraries"
    fi
done
expect "checkpointd --version" "checkpointd $(dpkg-deb -f "$old_deb" Version | sed 's/[+-].*//')" \
    /usr/sbin/checkpointd --version
check "checkpointctl --help" /usr/bin/checkpointctl --help
check "checkpoint-station --help" /usr/bin/checkpoint-station --help
check "checkpointd --check-config accepts the shipped configuration" \
    sh -c '/usr/sbin/checkpointd --check-config --config /etc/checkpointd/checkpointd.conf | tail -n 1 | grep -qx "configuration OK"'
check "man checkpointd.conf renders" sh -c 'command -v man >/dev/null || exit 0; man -l /usr/share/man/man5/checkpointd.conf.5.gz >/dev/null'

# ------------------------------------------------------------------------------------------------------------------
step "a station pushes records right after install"
export CHECKPOINTD_CONTROL=/run/checkpointd/control.sock
ctl=checkpointctl
check "checkpointctl status" $ctl status
check "checkpointctl checkpoint add" $ctl checkpoint add gate-1 --grid grid-1 --name "Gate 1"
registration="$($ctl station add gate1-a --checkpoint gate-1 --json 2>&1)" \
    || fatal "checkpointctl station add" "$registration"
token="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])' <<<"$registration" 2>/dev/null)"
[ -n "$token" ] || fatal "a token from checkpointctl station add --json" "$registration"
ok "checkpointctl station add: token"
check "100 records over TCP 7117 acknowledged" python3 station.py send 7117 gate1-a "$token" 1 100 "$work/acked-install"
expect "the database holds them" "100" sql "SELECT count(*) FROM records"
# The packaged terminal, as a second station of the gate.
terminal="$($ctl station add gate1-b --checkpoint gate-1 --json 2>&1)"
terminal_token="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])' <<<"$terminal" 2>/dev/null)"
station_sent="$(printf 'kind,person,temp\nTEMP,13800138000,36.6\n' \
    | CHECKPOINT_TOKEN="$terminal_token" checkpoint-station send --server 127.0.0.1:7117 --station gate1-b \
        --spool "$work/spool" --retry-for 10 - 2>&1)"
if [ $? -eq 0 ]; then ok "checkpoint-station send: one record"; else not_ok "checkpoint-station send: one record" "$station_sent"; fi
expect "the database holds 101 records" "101" sql "SELECT count(*) FROM records"

# ------------------------------------------------------------------------------------------------------------------
step "upgrade to $(basename "$new_deb") under load"
# A local change to the conffile must survive the upgrade (the packaged file did not change: no prompt).
echo "fever_threshold = 37.5" >>/etc/checkpointd/checkpointd.conf
systemctl reload checkpointd.service
pid_before="$(systemctl show -P MainPID checkpointd.service)"
rm -f "$work/stop-load"
python3 station.py load 7117 gate1-a "$token" 1000 "$work/acked-load" "$work/stop-load" >"$work/load.out" 2>&1 &
load_pid=$!
for _ in $(seq 1 100); do [ "$(cat "$work/acked-load" 2>/dev/null | wc -l)" -ge 50 ] && break; sleep 0.1; done
upgrade_log="$(apt install -y "./$(basename "$new_deb")" 2>&1)"
if [ $? -eq 0 ]; then ok "apt install ./$(basename "$new_deb") (upgrade)"; else not_ok "apt install (upgrade)" "$upgrade_log"; fi
acked_at_upgrade="$(wc -l <"$work/acked-load")"
for _ in $(seq 1 150); do [ "$(wc -l <"$work/acked-load")" -ge $((acked_at_upgrade + 50)) ] && break; sleep 0.1; done
touch "$work/stop-load"
wait "$load_pid"
echo "# load: $(tail -n 1 "$work/load.out")"
expect "dpkg: version $(dpkg-deb -f "$new_deb" Version)" "install ok installed $(dpkg-deb -f "$new_deb" Version)" \
    dpkg-query -W -f='${Status} ${Version}' checkpointd
expect "units still enabled" $'enabled\nenabled\nenabled' systemctl is-enabled "${units[@]}"
expect "units active after the upgrade" $'active\nactive\nactive' systemctl is-active "${units[@]}"
pid_after="$(systemctl show -P MainPID checkpointd.service)"
if [ -n "$pid_after" ] && [ "$pid_after" != 0 ] && [ "$pid_after" != "$pid_before" ]; then
    ok "the upgrade restarted the daemon (pid $pid_before -> $pid_after)"
else
    not_ok "the upgrade restarted the daemon" "pid before $pid_before, after $pid_after"
fi
# The old daemon logged its drain (MESSAGE_ID "stopping", systemd/checkpointd.catalog) and exited 0.
check "the old daemon drained on SIGTERM" \
    sh -c "journalctl --no-pager -o cat _PID=$pid_before MESSAGE_ID=3ada81a58e364415a882bc1c7ffc2a35 | grep -q ."
check "and exited cleanly" \
    sh -c "journalctl -u checkpointd.service -o cat --no-pager | grep -q 'Deactivated successfully' \
        && ! journalctl -u checkpointd.service -o cat --no-pager | grep -qE 'code=(killed|dumped)|status=[1-9]'"
check "the local change to the conffile was kept" grep -qx "fever_threshold = 37.5" /etc/checkpointd/checkpointd.conf
check "records were acknowledged after the upgrade" sh -c "[ \$(wc -l <'$work/acked-load') -gt $acked_at_upgrade ]"
expect "the records from before the upgrade are still there" "100" \
    sql "SELECT count(*) FROM records r JOIN stations s ON s.id = r.station_id WHERE s.code = 'gate1-a' AND r.seq BETWEEN 1 AND 100"
stored="$(sql "SELECT r.seq FROM records r JOIN stations s ON s.id = r.station_id WHERE s.code = 'gate1-a' AND r.seq >= 1000" | sort -n)"
lost="$(comm -23 <(sort -u "$work/acked-load") <(sort -u <<<"$stored") | head -n 20)"
if [ -z "$lost" ] && [ -s "$work/acked-load" ]; then
    ok "every record acknowledged during the upgrade is stored ($(sort -u "$work/acked-load" | wc -l) records)"
else
    not_ok "every record acknowledged during the upgrade is stored" "acknowledged, not stored: $lost"
fi
check "a station still pushes after the upgrade" python3 station.py send 7117 gate1-a "$token" 5000 10 "$work/acked-after"

# ------------------------------------------------------------------------------------------------------------------
step "apt remove"
records_before_remove="$(sql "SELECT count(*) FROM records")"
remove_log="$(apt remove -y checkpointd 2>&1)"
if [ $? -eq 0 ]; then ok "apt remove checkpointd"; else not_ok "apt remove checkpointd" "$remove_log"; fi
expect "dpkg: removed, configuration kept" "deinstall ok config-files" dpkg-query -W -f='${Status}' checkpointd
check "the service and sockets are stopped" \
    sh -c '! systemctl is-active --quiet checkpointd.service checkpointd.socket checkpointd-control.socket'
check "no checkpointd process" sh -c '! pgrep -x checkpointd'
check "nothing listens on 7117" sh -c "! ss -Htln 'sport = :7117' | grep -q 7117"
check "the binaries are gone" sh -c '! test -e /usr/sbin/checkpointd && ! test -e /usr/bin/checkpointctl'
check "the database is kept" test -s "$database"
expect "with every record ($records_before_remove)" "$records_before_remove" sql "SELECT count(*) FROM records"
check "the user is kept" getent passwd checkpointd
check "the configuration is kept" test -f /etc/checkpointd/checkpointd.conf

# ------------------------------------------------------------------------------------------------------------------
step "apt purge"
purge_log="$(apt purge -y checkpointd 2>&1)"
if [ $? -eq 0 ]; then ok "apt purge checkpointd"; else not_ok "apt purge checkpointd" "$purge_log"; fi
check "dpkg: not installed" sh -c '! dpkg-query -W -f="\${Status}" checkpointd 2>/dev/null | grep -q "ok"'
check "/var/lib/checkpointd is gone" sh -c '! test -e /var/lib/checkpointd'
check "/etc/checkpointd is gone" sh -c '! test -e /etc/checkpointd'
check "the user is gone" sh -c '! getent passwd checkpointd'
check "the groups are gone" sh -c '! getent group checkpointd && ! getent group checkpointd-station && ! getent group checkpointd-admin'
check "no unit of checkpointd is left" sh -c '! systemctl list-unit-files "checkpointd*" --no-legend | grep -q .'
check "no enablement symlink is left" sh -c '! find /etc/systemd/system -name "checkpointd*" | grep -q .'

echo "# $checks checks, $failures failed, in $((SECONDS - started)) s"
[ "$failures" -eq 0 ]

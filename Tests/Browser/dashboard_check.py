#!/usr/bin/env python3
"""Browser check of the command centre's live dashboard (issue 18, point 4).

What it proves, in a real headless Chromium against a real running daemon:

* the dashboard page loads with no console error and renders its first ``dashboard`` Server-Sent Event
  (``document.body.dataset.ready == "1"``), in the language asked for through ``Accept-Language``;
* a fever recorded by a station over the plain TCP station protocol (``HELLO`` then ``TEMP ... temp=38.5``)
  shows up as an open FEVER alert row (``#alerts .alert[data-type="FEVER"]``) on the already open page, pushed
  over the event stream, within ``--timeout`` seconds of the ``TEMP`` line being sent; the page is never
  reloaded, the DOM is polled every 50 ms;
* the person is shown masked (first 3 and last 4 digits of the phone, never the full 11 digits), in the alert
  row and anywhere else in the page's text.

It is run by a Swift test that starts the daemon (with its HTTP listener and a registered station) and then::

    python3 Tests/Browser/dashboard_check.py --url http://127.0.0.1:PORT/ \\
        --station-host 127.0.0.1 --station-port PORT --station-id S1 --token TOKEN \\
        --person 13800138000 --screenshot OUT.png [--lang zh|en] [--timeout 2.0]

It needs Debian's ``chromium``, ``chromium-driver`` and ``python3-selenium`` (Selenium 4). It prints exactly one
line of JSON to stdout as its last line::

    {"ok": ..., "ready_s": ..., "alert_s": ..., "console_errors": [...], "masked": ..., "lang": ...,
     "title": ..., "screenshot": ..., "error": ...}

and exits 0 when the alert appeared in time, the console had no SEVERE entry and the person was masked; 1 otherwise.
Every wait is bounded, and the browser is always quit.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

READY_TIMEOUT_S = 30.0
POLL_INTERVAL_S = 0.05
SOCKET_TIMEOUT_S = 10.0
# After --timeout the DOM is still watched this much longer, so that a late alert is measured, not just missed.
LATE_GRACE_S = 5.0
# The whole run is stopped after this, whatever is stuck (the driver, the browser, the daemon).
HARD_DEADLINE_S = 180

FIND_FEVER_ROWS = """
var rows = document.querySelectorAll('#alerts .alert[data-type="FEVER"]');
var texts = [];
for (var i = 0; i < rows.length; i++) { texts.push(rows[i].innerText || rows[i].textContent || ''); }
return texts;
"""


class CheckFailed(Exception):
    """A step of the check failed; the message says which."""


class HardDeadline(Exception):
    """The whole run took longer than HARD_DEADLINE_S."""


def default_chromium():
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(path):
            return path
    return "/usr/bin/chromium"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="Checks the checkpointd dashboard in headless Chromium.")
    parser.add_argument("--url", required=True, help="the dashboard, e.g. http://127.0.0.1:7119/")
    parser.add_argument("--station-host", required=True)
    parser.add_argument("--station-port", required=True, type=int)
    parser.add_argument("--station-id", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--person", required=True, help="an 11-digit phone number")
    parser.add_argument("--screenshot", required=True, help="where to save a PNG screenshot")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--chromium", default=None, help="default: /usr/bin/chromium or /usr/bin/chromium-browser")
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    parser.add_argument("--timeout", default=2.0, type=float, help="seconds allowed for the alert to appear")
    arguments = parser.parse_args(argv)
    if arguments.chromium is None:
        arguments.chromium = default_chromium()
    if not (len(arguments.person) == 11 and arguments.person.isdigit()):
        parser.error("--person must be an 11-digit phone number")
    return arguments


def make_service(chromedriver):
    from selenium.webdriver.chrome.service import Service

    # Selenium >= 4.11 takes log_output; older 4.x (Debian 12 has 4.8) takes log_path. Either way the driver's own
    # output must not reach stdout, whose last line is this script's JSON.
    try:
        return Service(executable_path=chromedriver, log_output=subprocess.DEVNULL)
    except TypeError:
        return Service(executable_path=chromedriver, log_path=os.devnull)


def start_browser(arguments, profile_dir):
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = arguments.chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile_dir,
        "--lang=" + arguments.lang,
        "--window-size=1600,1000",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": arguments.lang})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=make_service(arguments.chromedriver), options=options)
    driver.set_page_load_timeout(READY_TIMEOUT_S)
    driver.set_script_timeout(10)
    return driver


def wait_until_ready(driver):
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if driver.execute_script("return !!(document.body && document.body.dataset.ready === '1');"):
            return True
        time.sleep(POLL_INTERVAL_S)
    return False


def read_line(stream, what):
    line = stream.readline(4096)
    if not line:
        raise CheckFailed("the station connection closed before the reply to " + what)
    return line.decode("utf-8", "replace").rstrip("\r\n")


def console_errors(driver):
    try:
        entries = driver.get_log("browser")
    except Exception as error:  # a driver without the log endpoint: say so rather than pass silently
        return ["could not read the browser console: %s" % error]
    return [str(entry.get("message", "")) for entry in entries if entry.get("level") == "SEVERE"]


def on_hard_deadline(signum, frame):
    raise HardDeadline("the check did not finish within %d s" % HARD_DEADLINE_S)


def run(arguments, result):
    phone = arguments.person
    try:
        import selenium  # noqa: F401  (only to fail with a clear message)
    except ImportError:
        raise CheckFailed("python3-selenium is not installed")
    for path, what in ((arguments.chromium, "chromium"), (arguments.chromedriver, "chromedriver")):
        if not os.path.exists(path):
            raise CheckFailed("%s not found at %s" % (what, path))

    profile_dir = tempfile.mkdtemp(prefix="checkpointd-dashboard-")
    driver = None
    station = None
    screenshot_saved = False
    try:
        driver = start_browser(arguments, profile_dir)

        started = time.monotonic()
        driver.get(arguments.url)
        if not wait_until_ready(driver):
            raise CheckFailed("the page did not render a dashboard event within %.0f s" % READY_TIMEOUT_S)
        result["ready_s"] = round(time.monotonic() - started, 3)
        result["lang"] = driver.execute_script("return document.documentElement.lang;")
        result["title"] = driver.execute_script("return document.title;")

        station = socket.create_connection((arguments.station_host, arguments.station_port), SOCKET_TIMEOUT_S)
        station.settimeout(SOCKET_TIMEOUT_S)
        replies = station.makefile("rb")
        station.sendall(("HELLO station=%s token=%s\n" % (arguments.station_id, arguments.token)).encode("utf-8"))
        hello = read_line(replies, "HELLO")
        if not hello.startswith("OK HELLO"):
            raise CheckFailed("HELLO was refused: " + hello)

        sent = time.monotonic()
        station.sendall(("TEMP seq=1 person=%s temp=38.5\n" % phone).encode("utf-8"))
        reply = read_line(replies, "TEMP")
        if not reply.startswith("OK"):
            raise CheckFailed("TEMP was refused: " + reply)

        rows = []
        deadline = sent + arguments.timeout + LATE_GRACE_S
        while True:
            rows = driver.execute_script(FIND_FEVER_ROWS) or []
            if rows:
                result["alert_s"] = round(time.monotonic() - sent, 3)
                break
            if time.monotonic() >= deadline:
                break
            time.sleep(POLL_INTERVAL_S)

        if rows:
            body_text = driver.execute_script("return document.body.innerText;") or ""
            shown_masked = any(phone[:3] in row and phone[-4:] in row for row in rows)
            full_nowhere = all(phone not in row for row in rows) and phone not in body_text
            result["masked"] = bool(shown_masked and full_nowhere)
        driver.save_screenshot(arguments.screenshot)
        screenshot_saved = True

        if result["alert_s"] is None:
            raise CheckFailed("no FEVER alert row appeared within %.1f s of the TEMP line" % (
                arguments.timeout + LATE_GRACE_S))
        if result["alert_s"] > arguments.timeout:
            raise CheckFailed("the FEVER alert appeared after %.3f s, over the %.1f s allowed" % (
                result["alert_s"], arguments.timeout))
        if not result["masked"]:
            raise CheckFailed("the alert does not show the person masked (first 3 and last 4 digits only)")
    finally:
        if station is not None:
            try:
                station.close()
            except OSError:
                pass
        if driver is not None:
            try:
                if not screenshot_saved:
                    driver.save_screenshot(arguments.screenshot)
            except Exception:
                pass
            try:
                result["console_errors"] = console_errors(driver)
                if result["lang"] is None:
                    result["lang"] = driver.execute_script("return document.documentElement.lang;")
                    result["title"] = driver.execute_script("return document.title;")
            except Exception:
                pass
            try:
                driver.quit()
            except Exception:
                pass
        shutil.rmtree(profile_dir, ignore_errors=True)


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    result = {
        "ok": False,
        "ready_s": None,
        "alert_s": None,
        "console_errors": [],
        "masked": False,
        "lang": None,
        "title": None,
        "screenshot": arguments.screenshot,
        "error": None,
    }
    signal.signal(signal.SIGALRM, on_hard_deadline)
    signal.alarm(HARD_DEADLINE_S)
    try:
        run(arguments, result)
    except (CheckFailed, HardDeadline) as error:
        result["error"] = str(error)
    except Exception as error:  # the driver, the browser or the socket: report it in the JSON line
        result["error"] = "%s: %s" % (type(error).__name__, str(error).strip().splitlines()[0] if str(error) else "")
    finally:
        signal.alarm(0)
    if result["error"] is None and result["console_errors"]:
        result["error"] = "the browser console has %d error(s)" % len(result["console_errors"])
    result["ok"] = bool(
        result["error"] is None
        and result["alert_s"] is not None
        and result["alert_s"] <= arguments.timeout
        and not result["console_errors"]
        and result["masked"]
    )
    sys.stdout.flush()
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""What hostile inputs cost: peak memory of zip and PDF bombs, time of deeply nested HTML, how long a
trickling server keeps a fetch busy.

    .venv/bin/python benchmarks/hostile_inputs.py

Each bomb is read in a process of its own, whose peak resident memory (VmHWM) is printed with the
error it ends with. The builders are the tests' (`tests/formats.py`).
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from formats import make_lying_docx_bomb, make_pdf_flate_bomb  # noqa: E402

PEAK = """
import re, sys
from planwatch.load import LoadError, read_path
try:
    read_path(sys.argv[1])
    print("loaded")
except LoadError as error:
    print(error.reason)
print(int(re.search(r"VmHWM:\\s*(\\d+) kB", open("/proc/self/status").read()).group(1)) // 1024)
"""


def peak(path: Path) -> tuple[str, int]:
    run = subprocess.run([sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, check=True)
    message, megabytes = run.stdout.splitlines()
    return message, int(megabytes)


def nested_divs(n: int) -> float:
    from planwatch.load import read_bytes

    page = ("<html><body>" + "<div>" * n + "地区生产总值增长6%左右。" + "</div>" * n + "</body></html>").encode()
    start = time.perf_counter()
    read_bytes(page, "deep.html")
    return time.perf_counter() - start


class Trickle(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.end_headers()
        try:
            for _ in range(10_000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


def trickle(deadline: float) -> tuple[str, float]:
    from planwatch.fetch import FetchError, fetch

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    start = time.perf_counter()
    try:
        fetch(f"http://127.0.0.1:{server.server_address[1]}/", deadline=deadline)
        reason = "fetched"
    except FetchError as error:
        reason = error.reason
    took = time.perf_counter() - start
    server.shutdown()
    return reason, took


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        docx = make_lying_docx_bomb(Path(folder) / "liar.docx")
        message, mb = peak(docx)
        print(f"docx, 1 GiB of zeros declared as 50,000 bytes ({docx.stat().st_size:,} bytes): peak {mb} MB — {message}")
        pdf = make_pdf_flate_bomb(Path(folder) / "bomb.pdf", inflated_bytes=1024 * 1024 * 1024)
        message, mb = peak(pdf)
        print(f"pdf, a content stream of 1 GiB of spaces ({pdf.stat().st_size:,} bytes): peak {mb} MB — {message}")
    for n in (10_000, 100_000):
        print(f"html, {n:,} nested <div>s: {nested_divs(n):.2f} s")
    reason, took = trickle(3.0)
    print(f"url, a byte every 0.5 s, deadline 3 s: {reason} after {took:.2f} s")


if __name__ == "__main__":
    main()

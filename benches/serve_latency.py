#!/usr/bin/env python3
"""End-to-end live-preview latency: from writing a page to the browser's reload event, and to the
new page served over HTTP, through the real `bogbinder serve` (notify, debounce, rebuild, SSE).

usage: serve_latency.py BOGBINDER_BIN PROJECT_DIR [EDITS]
"""
import http.client
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

binary, project = str(Path(sys.argv[1]).resolve()), Path(sys.argv[2])
edits = int(sys.argv[3]) if len(sys.argv) > 3 else 20
page_file = project / "content/metoder/metod-00042.md"
page_url = "/metoder/metod-00042/"

server = subprocess.Popen(
    [binary, "serve", "--port", "0"], cwd=project, stdout=subprocess.PIPE, text=True
)
try:
    started = time.monotonic()
    port = None
    for line in server.stdout:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        sys.exit("serve printed no address")
    print(f"serve ready after {time.monotonic() - started:.1f} s")

    events = socket.create_connection(("127.0.0.1", port))
    events.sendall(f"GET /__bogbinder/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    buffer = b""

    def next_update():
        """Blocks until the next `update` event; returns its data line."""
        global buffer
        while True:
            while b"\n\n" in buffer:
                block, buffer = buffer.split(b"\n\n", 1)
                if b"event: update" in block:
                    return block.split(b"data: ", 1)[1]
            chunk = events.recv(65536)
            if not chunk:
                sys.exit("event stream closed")
            buffer += chunk

    next_update()  # the state at connection time
    original = page_file.read_text(encoding="utf-8")
    reload_ms, served_ms = [], []
    for kind in ("body", "title"):
        for k in range(edits):
            marker = f"Maaling{kind}{k}x"
            if kind == "body":
                text = f"{original}\n{marker}.\n"
            else:
                text = original.replace('title = "', f'title = "{marker} ', 1)
            t0 = time.monotonic()
            page_file.write_text(text, encoding="utf-8")
            while True:
                data = next_update()
                if b"metoder/metod-00042/index.html" in data:
                    break
            t1 = time.monotonic()
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request("GET", page_url)
            body = conn.getresponse().read().decode()
            t2 = time.monotonic()
            conn.close()
            assert marker in body, "the served page lacks the edit"
            reload_ms.append((t1 - t0) * 1000)
            served_ms.append((t2 - t0) * 1000)
            time.sleep(0.05)
        for label, xs in (("reload event", reload_ms), ("new page served", served_ms)):
            print(
                f"{kind} edit, write to {label}: median {statistics.median(xs):.1f} ms, "
                f"max {max(xs):.1f} ms"
            )
        reload_ms, served_ms = [], []
    page_file.write_text(original, encoding="utf-8")
finally:
    server.terminate()
    server.wait()

#!/usr/bin/env python3
"""Edit-to-reload latency of `brief serve` (a benchmark, not a test).

Starts `brief serve` on SITE, follows its live-reload event stream as an open
page does, then edits one note (with `--article`, one article) EDITS times,
or with `--add` adds a copy of it under a new name each time.
For each edit it measures the time from writing the file to (a) the reload
event reaching the page and (b) the page served with the new text, and
prints p50 and p95 of both.

    cargo build --release
    python3 benches/reload_latency.py SITE [--edits 20] [--brief target/release/brief]
                                           [--article] [--add] [--mention NAME]

SITE is any brief site, e.g. the 10k-article corpus from ../shared/bench
(gen_corpus.py + to_brief.py). The file edited is restored at the end.

Each edit appends a sentence to the file. Other pages show nothing of it,
so only its page and the feed are rendered again; an article's quotes do
not change either, so `data/quotes.json` is left as it is. With
`--mention NAME`, every other edit names an actor as well: the actor's
mention count changes, and with it its page, the listings and the tables
every edit, as when an analyst writes about someone new.
"""

import argparse
import http.client
import json
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def start_server(brief, site):
    # The server's log (its warnings can be long) goes to a file: a pipe
    # nobody reads would fill up and stall it.
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        [brief, "serve", "--root", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    started = time.monotonic()
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        log.seek(0)
        sys.exit(f"brief serve did not start:\n{log.read()}")
    addr = line.split("http://", 1)[1].split("/", 1)[0]
    return proc, addr, time.monotonic() - started


class Events:
    """The live-reload event stream, read line by line."""

    def __init__(self, addr):
        host, port = addr.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)))
        self.sock.sendall(
            f"GET /__brief/events HTTP/1.1\r\nHost: {addr}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        self.file = self.sock.makefile("rb")

    def next_status(self):
        while True:
            line = self.file.readline()
            if not line:
                sys.exit("the event stream ended")
            if line.startswith(b"data: "):
                return json.loads(line[6:])


def get(addr, path):
    conn = http.client.HTTPConnection(addr)
    conn.request("GET", path, headers={"Host": addr})
    body = conn.getresponse().read().decode()
    conn.close()
    return body


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=pathlib.Path)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--brief", default="target/release/brief")
    parser.add_argument("--article", action="store_true", help="edit an article, not a note")
    parser.add_argument(
        "--add",
        action="store_true",
        help="add a new file each time (a copy of the one edited, under a new name)",
    )
    parser.add_argument(
        "--mention",
        metavar="NAME",
        help="name this actor in every other edit, so that other pages change too",
    )
    args = parser.parse_args()

    section = "articles" if args.article else "notes"
    files = sorted(
        f for f in (args.site / "content" / section).rglob("*") if f.suffix in (".md", ".txt")
    )
    if not files:
        sys.exit(f"no {section} under {args.site}/content/{section}")
    edited = files[len(files) // 2]
    original = edited.read_text()
    proc, addr, first = start_server(args.brief, args.site)
    print(f"site: {args.site} ({len(files)} {section}); first build and start: {first:.2f} s")
    print(f"{'copying' if args.add else 'editing'} {edited.relative_to(args.site)}")
    announced, served, added = [], [], []
    try:
        events = Events(addr)
        generation = events.next_status()["generation"]
        for i in range(args.edits):
            marker = f"Reload latency probe {i}."
            # The page links the name: the marker is looked for alone.
            named = f" {args.mention} said nothing." if args.mention and i % 2 == 0 else ""
            target = edited
            if args.add:
                target = edited.with_name(f"{edited.stem}-probe-{i}{edited.suffix}")
                added.append(target)
            page = f"/{section}/{target.stem}/"
            t0 = time.monotonic()
            target.write_text(original.rstrip("\n") + f"\n\n{marker}{named}\n")
            while True:
                status = events.next_status()
                if status["error"]:
                    sys.exit(f"the rebuild failed:\n{status['error']}")
                if status["generation"] != generation:
                    generation = status["generation"]
                    break
            t1 = time.monotonic()
            while marker not in get(addr, page):
                time.sleep(0.001)
            t2 = time.monotonic()
            announced.append((t1 - t0) * 1000)
            served.append((t2 - t0) * 1000)
            time.sleep(0.2)
    finally:
        edited.write_text(original)
        for path in added:
            path.unlink()
        proc.terminate()
        proc.wait()
    for name, values in [("edit -> reload event", announced), ("edit -> new page served", served)]:
        print(
            f"{name}: p50 {percentile(values, 0.5):.0f} ms, p95 {percentile(values, 0.95):.0f} ms, "
            f"min {min(values):.0f} ms, max {max(values):.0f} ms over {len(values)} edits"
        )


if __name__ == "__main__":
    main()

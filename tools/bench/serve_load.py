#!/usr/bin/env python3
"""Load on `flowsim serve`'s simulation endpoint: N concurrent clients (threads, one keep-alive
connection each, http.client over 127.0.0.1) posting the same run request for a fixed time.
Prints one Markdown row: requests started in the window and answered, throughput (those
requests over the time from the window's start to the last answer), latency p50 / p99 / max,
the body's size, the server's peak memory (VmHWM) and errors. Standard library only.

Usage:
  python3 tools/bench/serve_load.py BINARY [--clients 50] [--seconds 20] [--warmup 2]
      [--flows DIR] [--fixtures DIR] [--request FILE | --flow NAME --var NAME=VALUE ...]
      [--max-steps N] [--ndjson] [--label TEXT]

`--ndjson` asks for the streamed form (`Accept: application/x-ndjson`) and reads each body to
its end, as the JSON form's body is read. The server is started by the script
(`BINARY serve --port 0 --quiet`) and stopped at the end.
"""
import argparse
import http.client
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATH = "/api/v2/architect/simulations"


def start(binary, flows, fixtures):
    args = [binary, "serve", "--port", "0", "--quiet", "--no-reload", "--flows", flows]
    if fixtures:
        args += ["--fixtures", fixtures]
    server = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    line = server.stdout.readline().strip()
    if not line.startswith("listening on http://"):
        server.kill()
        sys.exit(f"serve did not start: {line!r}")
    host, port = line.removeprefix("listening on http://").split(":")
    return server, host, int(port)


def token(host, port):
    c = http.client.HTTPConnection(host, port, timeout=60)
    c.request("POST", "/oauth/token", body="grant_type=client_credentials", headers={
        "Authorization": "Basic YTpi", "Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse()
    body = json.loads(r.read())
    c.close()
    return body["access_token"]


def peak_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def client(host, port, headers, body, stop_at, warm_until, out, errors):
    conn = http.client.HTTPConnection(host, port, timeout=300)
    while True:
        start = time.monotonic()
        if start >= stop_at:
            break
        try:
            conn.request("POST", PATH, body=body, headers=headers)
            r = conn.getresponse()
            size = 0
            while chunk := r.read(65536):
                size += len(chunk)
            if r.status != 200:
                errors.append(r.status)
                continue
        except (OSError, http.client.HTTPException) as e:
            errors.append(repr(e))
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=300)
            continue
        end = time.monotonic()
        if start >= warm_until:
            out.append((end - start, size, end))
    conn.close()


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--warmup", type=float, default=2)
    ap.add_argument("--flows", default="fixtures/flows-bench")
    ap.add_argument("--fixtures")
    ap.add_argument("--request")
    ap.add_argument("--flow", default="Bench_Loop")
    ap.add_argument("--var", action="append", default=[])
    ap.add_argument("--max-steps", type=int)
    ap.add_argument("--ndjson", action="store_true")
    ap.add_argument("--label", default="")
    a = ap.parse_args()

    if a.request:
        request = json.loads((ROOT / a.request).read_text())
    else:
        request = {"flowName": a.flow, "variables": {}}
        for pair in a.var:
            k, v = pair.split("=", 1)
            try:
                request["variables"][k] = json.loads(v)
            except ValueError:
                request["variables"][k] = v
    if a.max_steps:
        request["maxSteps"] = a.max_steps
    body = json.dumps(request).encode()

    server, host, port = start(a.binary, a.flows, a.fixtures)
    try:
        headers = {"Authorization": f"Bearer {token(host, port)}",
                   "Content-Type": "application/json"}
        if a.ndjson:
            headers["Accept"] = "application/x-ndjson"
        now = time.monotonic()
        warm_until, stop_at = now + a.warmup, now + a.warmup + a.seconds
        results, errors = [], []
        threads = [threading.Thread(target=client, args=(
            host, port, headers, body, stop_at, warm_until, results, errors))
            for _ in range(a.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        peak = peak_kb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    lat = sorted(d for d, _, _ in results)
    size = results[0][1] if results else 0
    # Requests started in the window, over the time from its start to the last one's end.
    span = max((e for _, _, e in results), default=warm_until + a.seconds) - warm_until
    form = "ndjson" if a.ndjson else "json"
    print(f"| {a.label} | {form} | {a.clients} | {len(results)} | "
          f"{len(results) / span:.1f} | {percentile(lat, 50) * 1000:.0f} ms | "
          f"{percentile(lat, 99) * 1000:.0f} ms | {lat[-1] * 1000 if lat else float('nan'):.0f} ms | "
          f"{size / 1024:.0f} KiB | {peak / 1024 if peak else float('nan'):.0f} MB | {len(errors)} |")
    if errors:
        print(f"errors: {errors[:5]}", file=sys.stderr)


if __name__ == "__main__":
    main()

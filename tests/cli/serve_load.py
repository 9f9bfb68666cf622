#!/usr/bin/env python3
"""serve_load.py — load against `regio serve` for tests/cli/test_serve_load.sh (Python standard library only).

Two kinds of abuse, each while a probe (GET of a small answer, from another loopback address) must keep being
answered within a bound:

  slow   N slowloris clients from --slow-addr (or spread over --spread addresses): each opens a connection, sends a request line and then one header
         line every --interval seconds and never ends its headers. Reported: how many the server accepted, how
         many it closed and after how long (its header deadline), how many it refused at once (per-address
         limit).
  burst  M connections opened at once from --burst-addr, each closed at once (half after sending a request they
         never read, half without sending anything), then at once a second burst of M complete requests that
         must all be answered: closed sockets must not starve the next burst.

Prints one JSON object (the measurements) on stdout; the test script judges it. Loopback only: 127.0.0.0/8 is
all this machine, so the clients can come from several addresses without any network set-up.
"""
import argparse
import json
import resource
import selectors
import socket
import sys
import threading
import time


def connect_from(addr, port, src, timeout=5.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((src, 0))
    s.connect((addr, port))
    return s


def request(addr, port, src, path, timeout):
    """One GET on a fresh connection; (status or None, seconds)."""
    t0 = time.monotonic()
    try:
        s = connect_from(addr, port, src, timeout)
        s.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n" % (path, addr, port)).encode())
        data = b""
        while True:
            c = s.recv(65536)
            if not c:
                break
            data += c
        s.close()
        if not data.startswith(b"HTTP/1.1 "):
            return None, time.monotonic() - t0
        return int(data[9:12]), time.monotonic() - t0
    except OSError:
        return None, time.monotonic() - t0


class Prober(threading.Thread):
    """A probe every `every` seconds until stopped; keeps (status, seconds) of each."""

    def __init__(self, addr, port, src, path, every, timeout):
        super().__init__(daemon=True)
        self.args = (addr, port, src, path, timeout)
        self.every = every
        self.results = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.results.append(request(*self.args))
            self.stop.wait(self.every)

    def summary(self, limit):
        lat = [t for st, t in self.results if st == 200]
        return {
            "probes": len(self.results),
            "answered": len(lat),
            "within_limit": sum(1 for st, t in self.results if st == 200 and t <= limit),
            "max_s": round(max((t for _, t in self.results), default=0.0), 3),
            "statuses": sorted({str(st) for st, _ in self.results}),
        }


def slow_clients(a, port):
    """Opens a.slow slowloris connections, feeds them for a.duration seconds, reports what the server did."""
    sel = selectors.DefaultSelector()
    opened, refused = [], 0
    t_start = time.monotonic()
    for i in range(a.slow):
        try:
            src = a.slow_addr if a.spread <= 1 else "127.0.1.%d" % (1 + i % a.spread)
            s = connect_from(a.addr, port, src, 5.0)
            s.sendall(b"GET /api/v1/regions HTTP/1.1\r\nHost: %s:%d\r\n" % (a.addr.encode(), port))
            s.setblocking(False)
            opened.append({"sock": s, "t0": time.monotonic(), "closed_after": None, "next": time.monotonic() + a.interval, "n": 0})
            sel.register(s, selectors.EVENT_READ, opened[-1])
        except OSError:
            refused += 1
    t_open = time.monotonic() - t_start
    end = time.monotonic() + a.duration
    while time.monotonic() < end:
        now = time.monotonic()
        # a header line to every live client that is due
        for c in opened:
            if c["closed_after"] is None and now >= c["next"]:
                try:
                    c["sock"].send(b"X-Slow-%d: x\r\n" % c["n"])
                    c["n"] += 1
                except OSError:
                    c["closed_after"] = now - c["t0"]
                    sel.unregister(c["sock"])
                c["next"] = now + a.interval
        for key, _ in sel.select(timeout=0.2):
            c = key.data
            try:
                data = c["sock"].recv(4096)
            except OSError:
                data = b""
            # readable: an answer (an error status) or EOF — the server gave up on this client
            if c["closed_after"] is None:
                c["closed_after"] = time.monotonic() - c["t0"]
                c["answer"] = data[:12].decode("latin-1")
            sel.unregister(c["sock"])
    # a connection the server closed at once after accepting it (per-address limit) counts as refused
    at_once = [c for c in opened if c["closed_after"] is not None and c["closed_after"] < 0.5 and c["n"] == 0]
    held = [c for c in opened if c not in at_once]
    closed = sorted(c["closed_after"] for c in held if c["closed_after"] is not None)
    out = {
        "slow_clients": a.slow,
        "open_seconds": round(t_open, 3),
        "refused_at_connect": refused,
        "closed_at_once": len(at_once),
        "held": len(held),
        "held_closed_by_server": len(closed),
        "held_open_at_end": len(held) - len(closed),
        "closed_after_min_s": round(closed[0], 2) if closed else None,
        "closed_after_max_s": round(closed[-1], 2) if closed else None,
        "answers": sorted({c.get("answer", "") for c in held if c["closed_after"] is not None}),
    }
    for c in opened:
        c["sock"].close()
    return out


def burst(a, port):
    """A burst of connections closed at once, then a burst of requests that must all be answered."""
    t0 = time.monotonic()
    socks = []
    for i in range(a.burst):
        try:
            s = connect_from(a.addr, port, a.burst_addr, 5.0)
            if i % 2 == 0:
                s.sendall(b"GET /api/v1/regions?level=province HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % (a.addr.encode(), port))
            socks.append(s)
        except OSError:
            pass
    for s in socks:
        s.close()
    first = time.monotonic() - t0
    # the second burst: complete requests from threads, each must be answered
    results = []
    lock = threading.Lock()

    def worker(k):
        for _ in range(k):
            r = request(a.addr, port, a.burst_addr2, "/api/v1/regions?level=province", 10.0)
            with lock:
                results.append(r)

    t1 = time.monotonic()
    per = max(1, a.burst // a.burst_threads)
    ths = [threading.Thread(target=worker, args=(per,)) for _ in range(a.burst_threads)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    lat = sorted(t for st, t in results if st == 200)
    return {
        "burst": a.burst,
        "first_burst_connected": len(socks),
        "first_burst_seconds": round(first, 3),
        "second_burst_requests": len(results),
        "second_burst_answered": len(lat),
        "second_burst_seconds": round(time.monotonic() - t1, 3),
        "second_burst_max_s": round(lat[-1], 3) if lat else None,
        "second_burst_p50_s": round(lat[len(lat) // 2], 3) if lat else None,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--addr", default="127.0.0.1", help="the server's address")
    ap.add_argument("--mode", choices=["slow", "burst"], required=True)
    ap.add_argument("--slow", type=int, default=300)
    ap.add_argument("--slow-addr", default="127.0.0.2")
    ap.add_argument("--spread", type=int, default=1, help="slow clients from this many addresses (127.0.1.1, …)")
    ap.add_argument("--interval", type=float, default=2.0)
    ap.add_argument("--duration", type=float, default=10.0)
    ap.add_argument("--burst", type=int, default=1000)
    ap.add_argument("--burst-addr", default="127.0.0.3")
    ap.add_argument("--burst-addr2", default="127.0.0.4")
    ap.add_argument("--burst-threads", type=int, default=20)
    ap.add_argument("--probe-addr", default="127.0.0.1")
    ap.add_argument("--probe-path", default="/api/v1/regions?level=province")
    ap.add_argument("--probe-every", type=float, default=0.25)
    ap.add_argument("--probe-limit", type=float, default=1.0)
    a = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, a.slow + a.burst + 256))
    if want > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    probe = Prober(a.addr, a.port, a.probe_addr, a.probe_path, a.probe_every, a.probe_limit * 5)
    probe.start()
    out = slow_clients(a, a.port) if a.mode == "slow" else burst(a, a.port)
    probe.stop.set()
    probe.join()
    out["probe"] = probe.summary(a.probe_limit)
    out["probe_limit_s"] = a.probe_limit
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""serve_fuzz.py — a request fuzzer for `regio serve` (tests/cli/test_serve_fuzz.sh; Python standard library only).

The endpoint list comes from the server itself (GET /api/v1), so a new endpoint is fuzzed without editing this
file. For every endpoint and every parameter it names, the parameter gets each hostile value below while the
other parameters keep valid values (so the deeper error paths are reached, not only the first check); then all
parameters hostile at once, none at all, repeated, unknown extra ones, and hostile path segments. Every answer
must be a well-formed HTTP reply with a sensible status — 2xx, or 4xx for bad input, never 5xx, never a dropped
connection — whose body (unless it is a download or a dashboard file: xlsx, csv, html, js, css) is valid UTF-8 JSON; an error must be
{"error": {"status" = the HTTP status, "message", "zh", "en"}} with each message at most MSG_MAX bytes.

With --token, POST /api/v1/import gets hostile parameters and bodies too (garbage, bad UTF-8, a 200 KB cell).
--every N sends every N-th case only (valgrind). Prints a summary line; exit 1 with the failures listed.
"""
import argparse
import http.client
import json
import re
import socket
import sys
import urllib.parse

MSG_MAX = 1024 + 3  # SERVE_MSG_MAX bytes plus the "…" that marks a cut

# hostile values, as they go on the wire (already percent-encoded where needed)
HOSTILE = [
    "", "nope", "999999", "0", "-1", "-2147483649", "99999999999999999999", "1e308", "NaN", "nan", "inf", "-inf",
    "0x7e4", "%202020", "2020%20", "2020.0", "%2B2020", "1899", "2101", "2020:", ":2020", "2023:2015", "1900:2100", "2015:2023:2024",
    "a,b,c", ",,,", ",", "nope," * 300 + "nope", "x" * 1500, "%00", "a%00b", "%ff%fe", "%c3%28", "%c0%af", "%ed%a0%80",
    "%f4%90%80%80", "%e4%b8", "%e4%b8%ad%e6%96%87", "%zz", "%", "%2", "+", "%0d%0aX-Injected:%20yes", "<script>", "'%22;--",
    "../../etc/passwd", "%2e%2e%2f",
]

# parameters that exclude each other: the valid base leaves out the second of a pair (unless it is the one fuzzed)
EXCLUSIVE = {"years": "year", "year": "years", "group": "region", "region": "group"}

SKIP_BODY_TYPES = ("application/vnd.openxmlformats", "text/csv", "image/", "application/octet-stream", "text/html", "text/javascript",
                   "text/css", "application/pdf")


def strings(d):
    """every string in a JSON value"""
    if isinstance(d, str):
        yield d
    elif isinstance(d, dict):
        for v in d.values():
            yield from strings(v)
    elif isinstance(d, list):
        for v in d:
            yield from strings(v)


class Fuzzer:
    def __init__(self, port, token=None, every=1, timeout=60):
        self.port, self.token, self.every, self.timeout = port, token, every, timeout
        self.n = 0
        self.sent = 0
        self.failures = []
        self.statuses = {}

    def raw_get(self, path):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, json.loads(body)

    def check(self, method, path, body=None, headers=None):
        """One request; records a failure when the answer is not sensible."""
        self.n += 1
        if (self.n - 1) % self.every:
            return
        self.sent += 1
        what = "%s %s" % (method, path[:300])
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            c.putrequest(method, path, skip_accept_encoding=True)
            for k, v in (headers or {}).items():
                c.putheader(k, v)
            if body is not None:
                c.putheader("Content-Length", str(len(body)))
            c.endheaders(body)
            r = c.getresponse()
            data = r.read()
            ctype = r.getheader("Content-Type") or ""
            c.close()
        except (OSError, http.client.HTTPException) as e:
            self.failures.append("%s: no answer (%s)" % (what, e))
            return
        self.statuses[r.status] = self.statuses.get(r.status, 0) + 1
        if r.status >= 500 or r.status < 200 or (300 <= r.status < 400):
            self.failures.append("%s: HTTP %d %s" % (what, r.status, data[:200]))
            return
        if r.status == 200 and any(ctype.startswith(t) for t in SKIP_BODY_TYPES):
            return
        if method == "HEAD":
            return
        try:
            d = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            self.failures.append("%s: HTTP %d, body not UTF-8 JSON (%s): %r" % (what, r.status, e, data[:200]))
            return
        if r.status >= 400:
            err = d.get("error") if isinstance(d, dict) else None
            if not isinstance(err, dict) or err.get("status") != r.status:
                self.failures.append("%s: HTTP %d, not an error object with that status: %r" % (what, r.status, data[:200]))
                return
            long = [x for x in strings(d) if len(x.encode()) > MSG_MAX]
            if long:
                self.failures.append("%s: an error answer holds a string of %d bytes (at most %d)" % (what, len(long[0].encode()), MSG_MAX))
            for k in ("message", "zh", "en"):
                m = err.get(k)
                if not isinstance(m, str) or not m:
                    self.failures.append("%s: error without %s" % (what, k))
                elif len(m.encode()) > MSG_MAX:
                    self.failures.append("%s: error %s of %d bytes (at most %d)" % (what, k, len(m.encode()), MSG_MAX))

    def valid_values(self):
        """A valid value for every parameter name the endpoints use, from the server's own answers."""
        _, inds = self.raw_get("/api/v1/indicators")
        _, regs = self.raw_get("/api/v1/regions")
        _, groups = self.raw_get("/api/v1/groups")
        ind = next((i for i in inds if i.get("years")), inds[0])
        years = ind.get("years") or [2020]
        year = years[len(years) // 2]
        region = next(r["code"] for r in regs if r["level"] == "county")
        group = groups["groups"][0]["code"] if groups["groups"] else region
        part = groups["partitions"][0]["code"] if groups["partitions"] else group
        return {
            "indicator": ind["code"], "year": str(year), "years": "%d:%d" % (years[0], years[-1]), "level": "prefecture",
            "region": region, "group": group, "scope": group, "partition": part, "weight": ind["code"],
            "units": "%s,%s" % (region, group), "weights": "queen", "permutations": "9", "seed": "1", "draws": "0",
            "zone": "urban", "format": "csv", "lang": "en", "filename": "x.csv", "source": "fuzz", "note": "fuzz",
            "replace": "0", "dry_run": "1", "wide": "0", "sheet": "1", "code": region,
        }

    def endpoints(self):
        _, idx = self.raw_get("/api/v1")
        out = []
        for e in idx["endpoints"]:
            m = re.match(r"(GET|POST) (/api/v1[^? ]*)(?:\?(\S*))?", e)
            if not m:
                continue
            method, path, q = m.group(1), m.group(2), m.group(3) or ""
            params = sorted(set(re.findall(r"([a-z_]+)=", q)))
            out.append((method, path, params))
        return out

    def run(self):
        valid = self.valid_values()
        eps = self.endpoints()
        if len(eps) < 10:
            self.failures.append("GET /api/v1 lists only %d endpoints" % len(eps))
        csv_ok = b"region,indicator,year,value,source\n%s,%s,%s,1,fuzz\n" % (
            valid["region"].encode(), valid["indicator"].encode(), valid["year"].encode())
        for method, path, params in eps:
            if method == "POST" and not self.token:
                continue
            post = method == "POST"
            hdrs = {"Authorization": "Bearer " + self.token} if post else {}
            body = csv_ok if post else None

            def url(p, args):
                p = p.replace("{code}", valid["code"])
                return p + ("?" + "&".join("%s=%s" % kv for kv in args) if args else "")

            full = [(k, urllib.parse.quote(valid.get(k, "x"), safe=":,")) for k in params]
            base = [kv for kv in full if not (kv[0] in ("years", "group") and EXCLUSIVE[kv[0]] in params)]
            if post:
                base = [kv for kv in base if kv[0] != "dry_run"] + [("dry_run", "1")]
            self.check(method, url(path, base), body, hdrs)
            self.check(method, url(path, []), body, hdrs)
            for k in params:
                others = [kv for kv in base if kv[0] != k and kv[0] != EXCLUSIVE.get(k)]
                for j, v in enumerate(HOSTILE):  # every other one with lang=zh: the Chinese messages too
                    self.check(method, url(path, others + [(k, v)] + ([("lang", "zh")] if j % 2 else [])), body, hdrs)
                self.check(method, url(path, others + [(k, valid.get(k, "x"))] * 2), body, hdrs)  # repeated
            for v in HOSTILE[::3]:
                self.check(method, url(path, [(k, v) for k in params]), body, hdrs)
                self.check(method, url(path, base + [(v or "x", "1")]), body, hdrs)  # unknown parameter name
                self.check(method, url(path, base + [("lang", v)]), body, hdrs)
            if "{code}" in path:
                for v in HOSTILE:
                    if v and "/" not in v and "%2f" not in v.lower():
                        self.check(method, path.replace("{code}", v), body, hdrs)
        # paths and methods
        for v in HOSTILE[::2]:
            if v:
                self.check("GET", "/api/v1/" + v)
        for p in ("/", "/index.html", "/report", "/report?x=%ff", "/static/app.js", "/static/..%2f..%2fetc%2fpasswd",
                  "/static/%00", "/api/v2/regions", "/api/v1x", "/api/v1//regions", "/api/v1/regions/", "/%ff"):
            self.check("GET", p)
        for m in ("HEAD", "DELETE", "PUT", "OPTIONS", "PATCH"):
            self.check(m, "/api/v1/regions")
        if self.token:
            self.fuzz_import(valid)

    def fuzz_import(self, valid):
        hdrs = {"Authorization": "Bearer " + self.token}
        big_cell = b"region,indicator,year,value,source\n" + b"9" * 200000 + b",gdp,2020,1,x\n"
        big_code = b"region,indicator,year,value,source\n530100," + "指".encode() * 100000 + b",2020,1,x\n"
        bodies = [b"", b"\x00" * 100, b"\xff\xfe\x00garbage", b"region,indicator\n\xc3\x28,\xe4\xb8\n", big_cell, big_code,
                  b"region,indicator,year,value,source\n" + b"530100,gdp,2020,1,x\n" * 3 + b"," * 5000 + b"\n",
                  b"PK\x03\x04" + b"\x00" * 200, b"a" * 100000 + b"\n"]
        for name in ("x.csv", "x.xlsx"):
            for b in bodies:
                self.check("POST", "/api/v1/import?dry_run=1&filename=" + name, b, hdrs)


def raw_heads(port, failures):
    """Hostile request heads on a bare socket: each must get one well-formed answer (a status line, 4xx) within
    5 s — libmicrohttpd's pool running out must not leave the connection hanging until the idle timeout."""
    many = "&".join("a%d=1" % i for i in range(400))
    cases = [
        ("400 query arguments", "GET /api/v1/regions?%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % many, (400,)),
        ("1000 empty arguments", "GET /api/v1/regions?%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % "&".join("a" * 1 for _ in range(1000)), (400,)),
        ("15 KB request line", "GET /api/v1/regions?level=%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % ("a" * 15500), (414, 431)),
        ("100 KB request line", "GET /api/v1/regions?level=%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % ("a" * 100000), (414, 431)),
        ("5000 header lines", "GET /api/v1/regions HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n" % ("a: b\r\n" * 5000), (431,)),
        ("a 100 KB header", "GET /api/v1/regions HTTP/1.1\r\nHost: 127.0.0.1\r\nX: %s\r\n\r\n" % ("b" * 100000), (431,)),
        ("a foreign Host (DNS rebinding)", "GET /api/v1/regions HTTP/1.1\r\nHost: rebind.example:8080\r\n\r\n", (421,)),
        ("HTTP/1.1 without Host", "GET /api/v1/regions HTTP/1.1\r\n\r\n", (400,)),
        ("a GET with a body", "GET /api/v1/regions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc", (400,)),
        ("a bare LF request", "GET /api/v1/nope HTTP/1.1\nHost: localhost\n\n", (404,)),
        ("HTTP/1.0 without Host", "GET /api/v1/regions?level=province HTTP/1.0\r\n\r\n", (200,)),
        ("Host localhost", "GET /api/v1/regions?level=province HTTP/1.1\r\nHost: LOCALHOST:1\r\n\r\n", (200,)),
        ("Host [::1]", "GET /api/v1/regions?level=province HTTP/1.1\r\nHost: [::1]:80\r\n\r\n", (200,)),
    ]
    for name, head, want in cases:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            try:
                s.sendall(head.encode("latin-1"))
            except OSError:
                pass  # the server may answer and close before it has read everything
            data = b""
            while b"\r\n" not in data:
                c = s.recv(4096)
                if not c:
                    break
                data += c
            s.close()
        except OSError as e:
            failures.append("raw %s: no answer within 5 s (%s)" % (name, e))
            continue
        m = re.match(rb"HTTP/1\.[01] (\d{3}) ", data)
        if not m or int(m.group(1)) not in want:
            failures.append("raw %s: answer %r, expected %s" % (name, data[:60], want))
    return len(cases)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--token")
    ap.add_argument("--every", type=int, default=1)
    a = ap.parse_args()
    f = Fuzzer(a.port, a.token, a.every)
    f.run()
    f.sent += raw_heads(a.port, f.failures)
    print("%d requests (of %d cases), statuses %s, %d failures" % (
        f.sent, f.n, " ".join("%d:%d" % kv for kv in sorted(f.statuses.items())), len(f.failures)))
    for x in f.failures[:40]:
        print("  " + x)
    sys.exit(1 if f.failures else 0)


if __name__ == "__main__":
    main()

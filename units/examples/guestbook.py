#!/usr/bin/env python3
"""Guestbook web frontend for the fleet example app (standard library only).

  GET  /         the entries as a small HTML page
  GET  /entries  the entries as JSON: {"entries": [...], "redis": "<ip it read from>"}
  POST /entries  the request body (UTF-8 text, 1..1000 bytes) is appended; 201 {"count": n}

Writes go to the redis primary; reads go to the primary and, when it does not answer, to the
replicas. Their addresses are read from etcd at every request (keys /guestbook/redis/primary and
/guestbook/redis/replicas/*), through etcdctl with ETCDCTL_API=3 and ETCDCTL_ENDPOINTS from the
environment, so a moved redis is found without restarting the frontend.
"""
import argparse
import html
import json
import socket
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REDIS_PORT = 6379
LIST_KEY = "guestbook"
MAX_ENTRY_BYTES = 1000


class RedisError(Exception):
    pass


def redis_command(host, *args, timeout=2.0):
    """Sends one command to redis at host:6379 in RESP and returns the decoded reply."""
    parts = [a.encode() if isinstance(a, str) else a for a in args]
    payload = b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts)
    with socket.create_connection((host, REDIS_PORT), timeout=timeout) as conn:
        conn.sendall(payload)
        return read_reply(conn.makefile("rb"))


def read_reply(stream):
    line = stream.readline()
    if not line.endswith(b"\r\n"):
        raise RedisError("redis closed the connection")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RedisError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        size = int(rest)
        return None if size < 0 else stream.read(size + 2)[:-2].decode("utf-8", "replace")
    if kind == b"*":
        count = int(rest)
        return None if count < 0 else [read_reply(stream) for _ in range(count)]
    raise RedisError("unexpected reply from redis: %r" % line)


def etcd_values(key, prefix=False):
    cmd = ["etcdctl", "get", "--print-value-only", key] + (["--prefix"] if prefix else [])
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise RedisError("cannot ask etcd where redis is: %s" % e)
    if done.returncode != 0:
        raise RedisError("cannot ask etcd where redis is: %s" % done.stderr.strip())
    return [v for v in done.stdout.splitlines() if v.strip()]


def primary():
    found = etcd_values("/guestbook/redis/primary")
    if not found:
        raise RedisError("no redis primary registered in etcd yet")
    return found[0]


def read_entries():
    """(entries, host) from the first redis that answers: the primary, then each replica."""
    errors = []
    try:
        candidates = [primary()]
    except RedisError as e:
        candidates, errors = [], [str(e)]
    candidates += etcd_values("/guestbook/redis/replicas/", prefix=True)
    for host in candidates:
        try:
            return redis_command(host, "LRANGE", LIST_KEY, "0", "-1"), host
        except (OSError, RedisError) as e:
            errors.append("%s: %s" % (host, e))
    raise RedisError("no redis answered (" + "; ".join(errors) + ")")


class Handler(BaseHTTPRequestHandler):
    server_version = "guestbook/1"

    def do_GET(self):
        if self.path not in ("/", "/entries"):
            return self.reply(404, {"error": "no such page: " + self.path})
        try:
            entries, host = read_entries()
        except (OSError, RedisError) as e:
            return self.reply(503, {"error": str(e)})
        if self.path == "/entries":
            return self.reply(200, {"entries": entries, "redis": host})
        items = "".join("<li>%s</li>" % html.escape(e) for e in entries)
        page = "<!doctype html><title>Guestbook</title><h1>Guestbook</h1><ul>%s</ul>" % items
        self.send(200, "text/html; charset=utf-8", page.encode())

    def do_POST(self):
        if self.path != "/entries":
            return self.reply(404, {"error": "POST only to /entries"})
        try:
            size = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return self.reply(400, {"error": "Content-Length is not a number"})
        if size < 1 or size > MAX_ENTRY_BYTES:
            return self.reply(400, {"error": "an entry is 1..%d bytes, got %d" % (MAX_ENTRY_BYTES, size)})
        entry = self.rfile.read(size).decode("utf-8", "replace").strip()
        if not entry:
            return self.reply(400, {"error": "an entry must not be blank"})
        try:
            count = redis_command(primary(), "RPUSH", LIST_KEY, entry)
        except (OSError, RedisError) as e:
            return self.reply(503, {"error": "cannot write to the redis primary: %s" % e})
        self.reply(201, {"count": count})

    def reply(self, status, body):
        self.send(status, "application/json", json.dumps(body).encode())

    def send(self, status, content_type, data):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    parser = argparse.ArgumentParser(description="guestbook web frontend")
    parser.add_argument("--listen", required=True, help="IP address to listen on (the machine's own)")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.listen, args.port), Handler)
    print("guestbook listening on http://%s:%d" % (args.listen, args.port), file=sys.stderr)
    server.serve_forever()


if __name__ == "__main__":
    main()

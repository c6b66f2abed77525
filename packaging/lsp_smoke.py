#!/usr/bin/env python3
"""Speaks LSP to `agent-ls` over stdio: initialize (serverInfo.name must be "agent-ls"),
shutdown, exit (the server must then exit 0). Used by the packaging tests to check that an
installed launcher passes stdin, stdout and the exit code through.

    python3 packaging/lsp_smoke.py COMMAND [ARG...]
"""
import json
import queue
import subprocess
import sys
import threading

TIMEOUT = 30


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def read_messages(stream, out):
    """Parses Content-Length framed messages from stream into the queue; None at EOF."""
    try:
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length is None:
                raise ValueError("a message without Content-Length")
            body = stream.read(length)
            if len(body) < length:
                return
            out.put(json.loads(body))
    finally:
        out.put(None)


def wait_response(messages, request_id):
    while True:
        try:
            message = messages.get(timeout=TIMEOUT)
        except queue.Empty:
            sys.exit(f"lsp_smoke: no response to request {request_id} within {TIMEOUT}s")
        if message is None:
            sys.exit(f"lsp_smoke: the server closed stdout before answering request {request_id}")
        if message.get("id") == request_id and "method" not in message:
            return message


def main():
    command = sys.argv[1:]
    if not command:
        sys.exit("usage: lsp_smoke.py COMMAND [ARG...]")
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    messages = queue.Queue()
    threading.Thread(target=read_messages, args=(server.stdout, messages), daemon=True).start()
    try:
        server.stdin.write(frame({
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": None, "rootUri": None, "capabilities": {}},
        }))
        server.stdin.flush()
        response = wait_response(messages, 1)
        if "error" in response:
            sys.exit(f"lsp_smoke: initialize failed: {response['error']}")
        info = response["result"].get("serverInfo") or {}
        if info.get("name") != "agent-ls":
            sys.exit(f"lsp_smoke: serverInfo is {info!r}, expected name 'agent-ls'")
        server.stdin.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        server.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        server.stdin.flush()
        shutdown = wait_response(messages, 2)
        if "error" in shutdown:
            sys.exit(f"lsp_smoke: shutdown failed: {shutdown['error']}")
        server.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        server.stdin.close()
        code = server.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        sys.exit(f"lsp_smoke: the server did not exit within {TIMEOUT}s after `exit`")
    finally:
        if server.poll() is None:
            server.kill()
    if code != 0:
        sys.exit(f"lsp_smoke: the server exited {code} after shutdown and exit, expected 0")
    print(f"lsp_smoke: initialize -> serverInfo {info.get('name')} {info.get('version', '')}; "
          "shutdown and exit -> exit code 0")


if __name__ == "__main__":
    main()

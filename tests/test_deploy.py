"""The deployment recipe's reverse proxy (deploy/nginx/wijkteams-kg.conf), run as shipped in front of `kg app`.

Streamlit has no allow-list of host names, so the proxy is the app's: it must
answer for the app's name, pass the websocket, and refuse every other Host
(DNS rebinding), a missing Host, an absolute URI naming another host, a TLS
handshake for another name and an upload over the limit.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg.settings import ROOT
from tests.helpers import free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NAME = "kg.test"
pytestmark = [
    pytest.mark.skipif(not Path(NGINX).exists() and not os.environ.get("CI"), reason="nginx is not installed (./run test installs it as root)"),
    pytest.mark.xdist_group("deploy"),  # one proxy and one app for the module, on one worker
]


def _site(http: int, https: int, app: int, cert: Path, key: Path) -> str:
    """The shipped file, with only its name, ports and certificate paths changed (no IPv6 listeners in a test)."""
    text = (ROOT / "deploy" / "nginx" / "wijkteams-kg.conf").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if "listen [::]" not in line]
    text = "\n".join(lines).replace("kg.example.org", NAME).replace("127.0.0.1:8501", f"127.0.0.1:{app}")
    text = text.replace("listen 80", f"listen 127.0.0.1:{http}").replace("listen 443", f"listen 127.0.0.1:{https}")
    return text.replace(f"/etc/ssl/certs/{NAME}.pem", str(cert)).replace(f"/etc/ssl/private/{NAME}.key", str(key))


@pytest.fixture(scope="module")
def proxied(tmp_path_factory, graph_nt):
    folder = tmp_path_factory.mktemp("nginx")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subject = ["-subj", f"/CN={NAME}", "-addext", f"subjectAltName=DNS:{NAME}"]
    openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", str(key), "-out", str(cert), *subject]
    subprocess.run(openssl, check=True, capture_output=True)
    app, http, https = free_port(), free_port(), free_port()
    (folder / "site.conf").write_text(_site(http, https, app, cert, key), encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    log = f"log_format upstream '$status $upstream_addr'; access_log {folder}/access.log upstream;"
    main = f"user root; daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log;\nevents {{}}\nhttp {{ {log} {temp} include {folder}/site.conf; }}\n"
    (folder / "nginx.conf").write_text(main, encoding="utf-8")
    checked = subprocess.run([NGINX, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    kg = str(Path(sys.executable).parent / "kg")
    env = {**os.environ, "KG_GRAPH": str(graph_nt)}
    streamlit = subprocess.Popen([kg, "app", "--port", str(app)], cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxy = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{app}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    yield http, https, folder / "access.log"
    for process in (proxy, streamlit):
        process.terminate()
        process.wait(15)


def _ask(port: int, request: bytes, sni: str | None = NAME) -> tuple[int, bytes]:
    """Send a raw request (over TLS with this SNI, or plain when sni is None); the status and what followed."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    if sni is not None:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        raw = context.wrap_socket(raw, server_hostname=sni)
    with raw:
        raw.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = raw.recv(4096)
            if not chunk:
                break
            answer += chunk
    return (int(answer.split()[1]) if answer.startswith(b"HTTP/") else 0), answer


def _get(path: str, host: str | None) -> bytes:
    header = f"Host: {host}\r\n" if host is not None else ""
    return f"GET {path} HTTP/1.1\r\n{header}Connection: close\r\n\r\n".encode()


def test_the_apps_name_reaches_the_app_over_tls(proxied):
    _, https, _ = proxied
    status, answer = _ask(https, _get("/_stcore/health", NAME))
    assert status == 200, answer
    status, _ = _ask(https, _get("/_stcore/health", f"{NAME}:{https}"))
    assert status == 200


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1", "localhost", f"{NAME}.evil.example", "", None])
def test_any_other_host_is_refused_and_never_reaches_the_app(proxied, host):
    """DNS rebinding sends the attacker's name as Host, over plain HTTP or TLS; both end at the proxy."""
    http, https, log = proxied
    refused = {421} if host else {400, 421}  # no Host, or an empty one, is malformed HTTP/1.1 to nginx itself
    for port, sni in ((https, NAME), (http, None)):
        assert _ask(port, _get("/_stcore/health", host), sni=sni)[0] in refused
        time.sleep(0.1)
        assert log.read_text().splitlines()[-1].endswith(" -"), log.read_text()[-300:]  # no upstream: the app never saw it


def test_an_absolute_uri_naming_another_host_is_refused(proxied):
    _, https, _ = proxied
    request = f"GET http://evil.example/_stcore/health HTTP/1.1\r\nHost: {NAME}\r\nConnection: close\r\n\r\n".encode()
    assert _ask(https, request)[0] == 421


def test_a_tls_handshake_for_another_name_is_refused(proxied):
    _, https, _ = proxied
    with pytest.raises(ssl.SSLError):
        _ask(https, _get("/", "evil.example"), sni="evil.example")


def test_plain_http_for_the_apps_name_is_sent_to_https(proxied):
    http, _, _ = proxied
    status, answer = _ask(http, _get("/lezen?x=1", NAME), sni=None)
    assert status == 308 and f"Location: https://{NAME}/lezen?x=1".encode() in answer


def test_the_websocket_passes(proxied):
    _, https, _ = proxied
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {NAME}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: https://{NAME}\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
    ).encode()
    assert _ask(https, request)[0] == 101


def test_an_upload_over_the_limit_is_refused_by_the_proxy(proxied):
    _, https, _ = proxied
    body = b"x" * (4 << 20)
    request = f"PUT /_stcore/upload_file/s/f HTTP/1.1\r\nHost: {NAME}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
    assert _ask(https, request)[0] == 413

"""Several Streamlit processes behind nginx with sticky sessions, on localhost.

What state lives where:
- A visitor's session (widget values, the page's query parameters, the websocket) lives
  in the memory of the ONE Streamlit process that serves it, so every request of a
  session must reach the same process: nginx hashes a routing cookie (`po_route`, a random
  id set on the first response, first-party, session-only) to pick the backend.
- Each process keeps its own caches (st.cache_data: the 51-row dataset, evidence,
  figures) and, when a chart image is exported, its own kaleido/Chromium export server.
- The data (data/processed, static map outlines) are read-only files shared by all
  processes. Nothing is written at run time, so processes need no coordination.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis.tools import browser

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  # Sticky sessions: reuse the visitor's routing cookie, or start one from the request id.
  map $cookie_po_route $po_route {{ "" $request_id; default $cookie_po_route; }}
  upstream streamlit {{
    hash $po_route consistent;
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://streamlit;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_read_timeout 86400;
      add_header Set-Cookie "po_route=$po_route; Path=/; HttpOnly; SameSite=Strict" always;
    }}
  }}
}}
"""


def nginx_path() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


@dataclass
class Cluster:
    url: str
    backends: list[tuple[subprocess.Popen, str]] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    tmp: Path | None = None

    def pids(self) -> list[int]:
        return [p.pid for p, _ in self.backends]

    def stop(self) -> None:
        if self.nginx is not None:
            self.nginx.terminate()
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for proc, _ in self.backends:
            browser.stop_server(proc)
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)


def start_cluster(n_backends: int = 2) -> Cluster:
    """n Streamlit processes and an nginx in front of them, all on 127.0.0.1."""
    exe = nginx_path()
    if exe is None:
        raise RuntimeError("nginx not found: install Debian's nginx (scripts/setup.sh does)")
    backends = [browser.start_server() for _ in range(n_backends)]
    tmp = Path(tempfile.mkdtemp(prefix="po-nginx-"))
    port = browser.free_port()
    servers = "\n".join(f"    server {url.removeprefix('http://')};" for _, url in backends)
    (tmp / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, servers=servers, port=port))
    proc = subprocess.Popen(
        [exe, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    cluster = Cluster(f"http://127.0.0.1:{port}", backends, proc, tmp)
    if not browser.wait_healthy(cluster.url, proc, timeout=20):
        out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
        cluster.stop()
        raise RuntimeError(f"nginx did not start: {out[-1000:]}")
    time.sleep(0.2)
    return cluster

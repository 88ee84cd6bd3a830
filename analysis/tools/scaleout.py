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

Every response nginx sends carries the app's safety headers (analysis/core/safety.HEADERS)
exactly once: the backends' copies are hidden and nginx adds its own, so its own error
pages have them too; when no backend answers, nginx sends the app's "unavailable" page
(with the quick exit) instead of its own. nginx's temporary folders (where it buffers a
large response for a slow client) belong to the user its worker processes run as: as
root, nginx runs them as `nobody`, which could not write into a 0700 folder of root's, so
large files were cut off for slow clients.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis.core import safety
from analysis.tools import browser

NGINX_CONF = """
{user}
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
{hide_headers}
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  # Sticky sessions: reuse the visitor's routing cookie, or start one from the request id.
  map $cookie_po_route $po_route {{ "" $request_id; default $cookie_po_route; }}
  upstream streamlit {{
    hash $po_route consistent;
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    error_page 502 503 504 /_po_unavailable.html;
    location = /_po_unavailable.html {{
      internal;
      root {tmp}/pages;
{add_headers}
    }}
    location / {{
      proxy_pass http://streamlit;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_read_timeout 86400;
      add_header Set-Cookie "po_route=$po_route; Path=/; HttpOnly; SameSite=Strict" always;
{add_headers}
    }}
  }}
}}
"""


TEMP_FOLDERS = ("body", "proxy", "fastcgi", "uwsgi", "scgi")
WORKER_USER = ("nobody", "nogroup")  # nginx's workers when its master runs as root


def header_directives() -> tuple[str, str]:
    """(proxy_hide_header lines, add_header lines) for analysis/core/safety.HEADERS."""
    for value in safety.HEADERS.values():
        if '"' in value or "\n" in value:
            raise ValueError(f"header value cannot be written into nginx.conf: {value!r}")
    hide = "\n".join(f"  proxy_hide_header {name};" for name in safety.HEADERS)
    add = "\n".join(f'      add_header {name} "{v}" always;' for name, v in safety.HEADERS.items())
    return hide, add


def prepare_folder(tmp: Path) -> str:
    """nginx's folder: temporary folders its workers can write, the unavailable page.

    Returns the `user` directive (empty unless running as root)."""
    user = ""
    owner = None
    if os.geteuid() == 0:
        try:
            owner = (pwd.getpwnam(WORKER_USER[0]).pw_uid, grp.getgrnam(WORKER_USER[1]).gr_gid)
            user = f"user {WORKER_USER[0]} {WORKER_USER[1]};"
        except KeyError:
            owner = None  # no such user: nginx then runs its workers as root's choice
    tmp.chmod(0o711)  # the workers may pass through, not list
    for name in TEMP_FOLDERS:
        folder = tmp / name
        folder.mkdir(mode=0o700)
        if owner is not None:
            os.chown(folder, *owner)
    pages = tmp / "pages"
    pages.mkdir(mode=0o755)
    page = safety.standalone_page("The dashboard is not available", safety.UNAVAILABLE_MESSAGE, "/")
    (pages / "_po_unavailable.html").write_text(page, encoding="utf-8")
    (pages / "_po_unavailable.html").chmod(0o644)
    return user


def nginx_config(tmp: Path, servers: str, port: int, user: str) -> str:
    hide, add = header_directives()
    return NGINX_CONF.format(
        tmp=tmp, servers=servers, port=port, user=user, hide_headers=hide, add_headers=add
    )


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
    user = prepare_folder(tmp)
    (tmp / "nginx.conf").write_text(nginx_config(tmp, servers, port, user))
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

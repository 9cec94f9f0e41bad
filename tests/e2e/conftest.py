"""Fixtures for the end-to-end tests: a real JupyterLab server and a headless Chromium page.

The server runs from this interpreter's environment (``python -m jupyterlab``) with isolated
user config/data/runtime directories, so nothing from ``~/.jupyter`` leaks in, while the
prebuilt labextensions of the environment (``<sys.prefix>/share/jupyter/labextensions``:
@jupyter-widgets, anywidget, bqplot) still load. The repository root is put first on the
kernel's ``PYTHONPATH`` so ``import ketawidget`` picks up the working tree even without an
editable install.

Chromium is Debian's ``/usr/bin/chromium`` (Playwright's own browser download is not used);
if it is missing the tests FAIL (never skip) with a message pointing at ``make chromium``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

from .lab_helpers import ARTIFACTS, save_screenshot

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KETAWIDGET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 800}
TOKEN = "ketawidget-e2e-token"
SERVER_START_TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, n: int = 60) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError as exc:  # pragma: no cover - diagnostics only
        return f"<could not read {path}: {exc}>"
    # Long minified-JS lines (e.g. from yarn) would drown the useful part: clip them.
    return "\n".join(ln if len(ln) <= 400 else ln[:400] + " [...]" for ln in lines[-n:])


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2))


@dataclass
class LabServer:
    """A running JupyterLab server."""

    port: int
    token: str
    root_dir: Path
    log_path: Path
    proc: subprocess.Popen = field(repr=False)
    log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{sep}token={self.token}"

    def log_tail(self, n: int = 60) -> str:
        return _tail(self.log_path, n)

    def api(self, path: str) -> object:
        req = urllib.request.Request(
            f"{self.base_url}/api/{path.lstrip('/')}",
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=5) as resp:
            return json.loads(resp.read().decode())


def _isolated_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    cfg, data, runtime = home / "config", home / "data", home / "runtime"
    for d in (cfg, data, runtime, home / "ipython"):
        d.mkdir(parents=True, exist_ok=True)
    env_share = Path(sys.prefix) / "share" / "jupyter"
    env.update(
        JUPYTER_CONFIG_DIR=str(cfg),
        JUPYTER_DATA_DIR=str(data),
        JUPYTER_RUNTIME_DIR=str(runtime),
        # jupyter_path() already contains sys.prefix/share/jupyter, but be explicit: the
        # prebuilt labextensions (widgets manager, anywidget, bqplot) live there.
        JUPYTER_PATH=os.pathsep.join(
            [str(env_share)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
        ),
        JUPYTER_PLATFORM_DIRS="1",
        IPYTHONDIR=str(home / "ipython"),
        PYTHONPATH=os.pathsep.join(
            [str(REPO_ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        ),
        PYTHONUNBUFFERED="1",
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        # Headless, no network: make sure nothing tries a proxy for localhost.
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    env.pop("JUPYTER_PREFER_ENV_PATH", None)
    env.pop("JUPYTER_NO_CONFIG", None)
    # User settings: turn off the news notification ("Would you like to receive official
    # Jupyter news?") and update checks, which would otherwise pop up over the notebook.
    settings = cfg / "lab" / "user-settings" / "@jupyterlab"
    _write_json(
        settings / "apputils-extension" / "notification.jupyterlab-settings",
        {"fetchNews": "false", "checkForUpdates": False},
    )
    # Attach every cell to the DOM (no virtualised windowing): selectors see all outputs.
    _write_json(
        settings / "notebook-extension" / "tracker.jupyterlab-settings",
        {"windowingMode": "none"},
    )
    return env


class LabServerError(RuntimeError):
    """JupyterLab did not start (the message carries the command and the server log's tail)."""


def start_lab_server(home: Path, root: Path) -> LabServer:
    """Start ``python -m jupyterlab`` on a free port, serving ``root``, with its config, data and
    runtime directories under ``home``; return once ``/api/status`` answers. A plain function (not
    only a fixture) so that benchmarks/scene_perf.py starts the very same server. Raises
    :class:`LabServerError` if the server exits or does not answer in time; stop it with
    :func:`stop_lab_server`."""
    env = _isolated_env(home)
    port = _free_port()
    log_path = home / "server.log"
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.open_browser=False",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        f"--LabApp.user_settings_dir={home / 'config' / 'lab' / 'user-settings'}",
        # No terminals: nothing here needs them. (Do NOT disable jupyter_lsp on the server: the
        # lab extension would then hit /lsp/status -> 404 -> a console error in every test.)
        "--ServerApp.terminals_enabled=False",
        "--ServerApp.allow_root=True",  # CI containers often run as root
        "--MappingKernelManager.cull_idle_timeout=0",
    ]
    log = open(log_path, "wb")  # noqa: SIM115 - closed by stop_lab_server (or below on failure)
    proc = subprocess.Popen(
        cmd,
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # own process group, so the teardown can signal all of it
    )
    server = LabServer(port=port, token=TOKEN, root_dir=root, log_path=log_path, proc=proc, log=log)

    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    last_error: object = None
    try:
        while True:
            if proc.poll() is not None:
                raise LabServerError(
                    f"JupyterLab exited with code {proc.returncode} during startup.\n"
                    f"command: {' '.join(cmd)}\n--- server log tail ---\n{server.log_tail()}"
                )
            try:
                status = server.api("status")
                if isinstance(status, dict) and "started" in status:
                    return server
            except (urllib.error.URLError, ConnectionError, OSError, ValueError) as exc:
                last_error = exc
            if time.monotonic() > deadline:
                raise LabServerError(
                    f"JupyterLab did not answer /api/status within {SERVER_START_TIMEOUT_S:.0f} s "
                    f"(last error: {last_error!r}).\n--- server log tail ---\n{server.log_tail()}"
                )
            time.sleep(0.25)
    except BaseException:
        stop_lab_server(server)
        raise


def stop_lab_server(server: LabServer) -> None:
    """Stop the server and its kernels, and close its log."""
    _stop_process_group(server.proc)
    if server.log is not None:
        server.log.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory):
    """Start ``python -m jupyterlab`` on a free port and yield a :class:`LabServer`."""
    home = tmp_path_factory.mktemp("jupyter-home")
    root = tmp_path_factory.mktemp("lab-root")
    try:
        server = start_lab_server(home, root)
    except LabServerError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        stop_lab_server(server)
        if os.environ.get("KETAWIDGET_E2E_SERVER_LOG"):
            sys.stderr.write(f"\n--- JupyterLab server log ---\n{server.log_tail(400)}\n")


def _descendants(pid: int) -> list[int]:
    """PIDs of all live descendants of ``pid`` (from /proc; empty where /proc is unavailable)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _stop_process_group(proc: subprocess.Popen) -> None:
    """Stop the server: SIGTERM its process group (the server then shuts its kernels down),
    then SIGKILL whatever is left. Kernels run in their own sessions (jupyter_client starts
    them with start_new_session), so they are tracked by PID as descendants of the server."""
    if proc.poll() is not None:
        return
    kids = _descendants(proc.pid)
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)
    for pid in kids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


# --------------------------------------------------------------------------- browser


@dataclass
class ConsoleLog:
    """Console errors and uncaught page errors seen by a page."""

    errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    all_messages: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [f"console.error: {m}" for m in self.errors] + [
            f"pageerror: {m}" for m in self.page_errors
        ]

    def clear(self) -> None:
        self.errors.clear()
        self.page_errors.clear()
        self.all_messages.clear()

    def report(self) -> str:
        return "\n".join(self.problems) or "<none>"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. The e2e tests need Debian's chromium "
            "(run `make chromium`, i.e. `apt-get install chromium`), or set KETAWIDGET_CHROMIUM.",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - environment guard
        pytest.fail(f"playwright is not installed: {exc} (pip install -e '.[test]')", pytrace=False)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def console_log() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(browser, console_log: ConsoleLog, request: pytest.FixtureRequest):
    """A fresh 1280x800 page that records console errors and page errors in ``console_log``."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(30_000)
    p = context.new_page()

    def on_console(msg) -> None:
        text = f"[{msg.type}] {msg.text}"
        loc = msg.location or {}
        if loc.get("url"):
            text += f"  ({loc.get('url')}:{loc.get('lineNumber')})"
        console_log.all_messages.append(text)
        if msg.type == "error":
            console_log.errors.append(text)

    p.on("console", on_console)
    p.on("pageerror", lambda exc: console_log.page_errors.append(str(exc)))
    stale = ARTIFACTS / f"FAILED-{request.node.name}.png"
    stale.unlink(missing_ok=True)  # a screenshot of an earlier failure would mislead
    try:
        yield p
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            try:
                shot = save_screenshot(p, f"FAILED-{request.node.name}.png")
                print(f"screenshot of the failure: {shot}")
            except Exception:  # noqa: BLE001 - best effort diagnostics
                pass
            print("--- browser console ---\n" + ("\n".join(console_log.all_messages) or "<empty>"))
        context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


__all__ = ["LabServer", "LabServerError", "ConsoleLog", "save_screenshot", "start_lab_server", "stop_lab_server"]

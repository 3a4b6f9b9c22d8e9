"""Open the ixbrl-viewer page of a build in headless Chromium, report console errors, take a screenshot.

    .venv/bin/python bench/viewer_screenshot.py                    # build the sample with --viewer into a temp dir
    .venv/bin/python bench/viewer_screenshot.py PAGE.html --out shot.png [--click 101,664,990]

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe), so nothing but
the standard library is needed and no port is opened. The page counts as good when the viewer
finished loading (its "#ixv .loader" is gone), no console message of level error/warning was
logged, no exception was thrown and no resource failed to load. Exit code 0 when good, 1 otherwise.

Needs Debian's chromium (`apt-get install -y chromium`). The flags are the ones known to work on
this machine: headless, no sandbox (root), no GPU, no background networking, a fresh profile.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--hide-scrollbars", "--allow-file-access-from-files"]


class Chrome:
    """A minimal DevTools-protocol client over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_chrome_r, self._to_chrome_w = os.pipe()
        self._from_chrome_r, from_chrome_w = os.pipe()

        def fds() -> None:  # runs in the child: chrome reads commands on 3 and answers on 4
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)  # out of the way of 3 and 4 first
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
                                      "about:blank"], close_fds=False, preexec_fn=fds,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def _read(self, timeout: float) -> dict[str, Any] | None:
        import select

        while b"\0" not in self._buf:
            ready, _, _ = select.select([self._from_chrome_r], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self._from_chrome_r, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        raw, _, self._buf = self._buf.partition(b"\0")
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self._read(max(0.01, deadline - time.monotonic()))
            if reply is None:
                break
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def pump(self, seconds: float) -> None:
        """Collect events for a while (console messages arrive on their own)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ev = self._read(max(0.01, deadline - time.monotonic()))
            if ev is not None:
                self.events.append(ev)

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def problems(events: list[dict[str, Any]]) -> list[str]:
    """Console errors/warnings, uncaught exceptions and failed loads, as one line each."""
    out = []
    for ev in events:
        method, p = ev.get("method"), ev.get("params", {})
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            out.append(f"console.{p['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            out.append(f"exception: {d.get('exception', {}).get('description') or d.get('text')}")
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
            e = p["entry"]
            out.append(f"log.{e['level']} ({e.get('source')}): {e.get('text')} {e.get('url', '')}".strip())
    return out


def console_lines(events: list[dict[str, Any]]) -> list[str]:
    return [f"console.{e['params'].get('type')}: " + " ".join(str(a.get("value", "")) for a in e["params"].get("args", []))
            for e in events if e.get("method") == "Runtime.consoleAPICalled"]


def screenshot(page: Path, out: Path, *, width: int = 1440, height: int = 900, click: str | None = None,
               wait: float = 60) -> tuple[bool, list[str], dict[str, Any]]:
    binary = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        raise SystemExit("chromium not found: apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="viewer-shot-") as profile:
        chrome = Chrome(binary, Path(profile))
        try:
            target = chrome.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            sid = chrome.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for m in ("Runtime.enable", "Log.enable", "Page.enable"):
                chrome.send(m, session=sid)
            chrome.send("Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=sid)
            chrome.send("Page.navigate", {"url": page.resolve().as_uri()}, session=sid)
            state: dict[str, Any] = {}
            deadline = time.monotonic() + wait
            probe = ("(() => { const l = document.querySelector('#ixv .loader');"
                     " const f = document.querySelector('#ixv iframe');"
                     " const n = f && f.contentDocument ? f.contentDocument.querySelectorAll('.ixbrl-element').length : 0;"
                     " return JSON.stringify({loader: l ? l.textContent.trim() : null, facts: n,"
                     " title: document.title}); })()")
            while time.monotonic() < deadline:
                chrome.pump(0.5)
                res = chrome.send("Runtime.evaluate", {"expression": probe, "returnByValue": True}, session=sid)
                state = json.loads(res.get("result", {}).get("value") or "{}")
                if state.get("loader") is None and state.get("facts"):
                    break
            if click:
                js = ("(() => { const d = document.querySelector('#ixv iframe').contentDocument;"
                      " const el = [...d.querySelectorAll('.ixbrl-element')].find(e => e.textContent.trim() === %s);"
                      " if (!el) return false; el.scrollIntoView({block: 'center'}); el.click(); return true; })()"
                      % json.dumps(click))
                state["clicked"] = chrome.send("Runtime.evaluate", {"expression": js, "returnByValue": True},
                                               session=sid).get("result", {}).get("value")
                chrome.pump(2.0)
                panel = chrome.send("Runtime.evaluate", {"expression": "(() => { const b = document.querySelector("
                                    "'#inspector .fact-inspector'); return b ? b.innerText.slice(0, 600) : ''; })()",
                                    "returnByValue": True}, session=sid)
                state["inspector"] = panel.get("result", {}).get("value", "")
            chrome.pump(1.0)
            shot = chrome.send("Page.captureScreenshot", {"format": "png"}, session=sid)
            out.write_bytes(base64.b64decode(shot["data"]))
            found = problems(chrome.events)
            state["console"] = console_lines(chrome.events)
        finally:
            chrome.close()
    ok = state.get("loader") is None and bool(state.get("facts")) and not found
    return ok, found, state


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page", nargs="?", type=Path, help="viewer page (default: build the sample with the viewer)")
    ap.add_argument("--out", type=Path, default=Path("viewer.png"))
    ap.add_argument("--click", default="101,664,990", help="text of a tagged figure to select in the viewer")
    ap.add_argument("--width", type=int, default=1440)
    ap.add_argument("--height", type=int, default=900)
    args = ap.parse_args()
    tmp = None
    page = args.page
    if page is None:
        from disclose import api

        tmp = tempfile.TemporaryDirectory(prefix="viewer-build-")
        result = api.build(out=Path(tmp.name) / "iij-1h-fy2020", viewer=True)
        page = result.out_dir / f"{result.instance.stem}-viewer.html"
    try:
        ok, found, state = screenshot(page, args.out, width=args.width, height=args.height, click=args.click)
    finally:
        if tmp is not None:
            tmp.cleanup()
    print(f"page: {page}")
    print(f"screenshot: {args.out}")
    print(f"viewer loaded: {state.get('loader') is None}, tagged elements in the report: {state.get('facts')}")
    if args.click:
        print(f"clicked {args.click!r}: {state.get('clicked')}")
        print("inspector panel:\n  " + "\n  ".join(str(state.get("inspector", "")).splitlines()[:14]))
    for line in state.get("console", []):
        print("  " + line)
    print("console errors/warnings, exceptions, failed loads:", len(found))
    for line in found:
        print("  " + line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

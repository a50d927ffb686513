"""Time the dashboard's map in a real browser: opening it, and repainting after filter changes.

    python scripts/time_map.py --db STORE.sqlite [--runs 3] [--port 8631] [--screenshot PATH]

Starts ``streamlit run serve.py`` on 127.0.0.1:PORT (env ``MARSAD_DB``; and
``MARSAD_DATA_DIR=/tmp/gz3`` unless set), then for each run opens a new
headless Chromium context (fresh browser cache) through Playwright and measures,
in seconds:

``open``
    from ``page.goto`` to the first visible ``.marsad-cluster`` in the map iframe;
``loaded``
    from ``page.goto`` to the end of the page's script run (table, timeline and
    all), as the websocket reports it;
``types``
    from pressing Enter on "Battles" in the sidebar "Event types" multiselect
    to the map's legend text changing and a cluster being visible again;
``confidence``
    the same after raising "Minimum confidence" by 12 steps with the keyboard;
``search``
    the same after typing a word in "Find in the sentences" and pressing Enter.

The first run after the server starts meets Streamlit's cold caches and is
reported as ``cold``; the others are ``warm`` (medians). Note that warm runs
also hit ``st.cache_data`` for the filtered reads made by the first run, so a
warm filter time is the page's repaint, not the store's query. Use a store
made by ``scripts/synth_store.py`` for large loads. Needs Playwright for
Python and a Chromium at ``--chromium`` (no browser is downloaded).
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

try:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
except ImportError:                         # then ScriptWatch falls back on the page
    ForwardMsg = None

ROOT = Path(__file__).resolve().parents[1]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
STEPS = ("open", "loaded", "types", "confidence", "search")
SEARCH_WORD = "هجوم"          # "attack": common in the sample's battle sentences
CONF_STEPS = 12               # 12 x 0.05: minimum confidence 0.6
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]

# Evaluated inside the map iframe: the legend's text and whether a cluster is on screen.
_MAP_STATE = """() => {
  const legend = document.querySelector('.marsad-legend');
  const visible = Array.from(document.querySelectorAll('.marsad-cluster')).some(el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  });
  return {legend: legend ? legend.innerText : null, cluster: visible};
}"""


class Timeout(Exception):
    pass


# -- the server -------------------------------------------------------------------
def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as the server will: TIME_WAIT is fine
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def start_server(db: str, port: int, log_path: str) -> subprocess.Popen:
    env = dict(os.environ, MARSAD_DB=os.path.abspath(db))
    env.setdefault("MARSAD_DATA_DIR", "/tmp/gz3")
    cmd = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true"]
    print("server:", " ".join(cmd[1:]), f"(MARSAD_DB={env['MARSAD_DB']}, "
          f"MARSAD_DATA_DIR={env['MARSAD_DATA_DIR']}; log {log_path})", flush=True)
    log = open(log_path, "w")
    # Its own process group, so stop_server can end it and anything it started.
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_healthy(proc: subprocess.Popen, base: str, timeout: float, log_path: str) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}:\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return time.perf_counter() - t0
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"the server was not healthy after {timeout:.0f} s:\n{tail(log_path)}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    except ProcessLookupError:
        pass


def rss_mb(pid: int) -> tuple[float | None, float | None]:
    """(current, peak) resident memory of a process in MB, from /proc."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None, None
    found = {line.split(":")[0]: int(line.split()[1]) / 1024 for line in status.splitlines()
             if line.startswith(("VmRSS:", "VmHWM:"))}
    return found.get("VmRSS"), found.get("VmHWM")


def tail(path: str, lines: int = 30) -> str:
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# -- the page ---------------------------------------------------------------------
def map_state(page) -> dict | None:
    """The map iframe's legend text and cluster visibility; None while it is not there."""
    try:
        frame = page.frame_locator(MAP_IFRAME).first
        return frame.locator("body").evaluate(_MAP_STATE, timeout=2000)
    except PlaywrightError:
        return None


def wait_map(page, t0: float, timeout: float, what: str, legend_before: str | None = None) -> tuple[float, str]:
    """Seconds from ``t0`` until a cluster is visible (and the legend differs from ``legend_before``)."""
    while True:
        state = map_state(page)
        if state and state["cluster"] and (legend_before is None or
                                            (state["legend"] is not None and state["legend"] != legend_before)):
            return time.perf_counter() - t0, state["legend"]
        if time.perf_counter() - t0 > timeout:
            seen = "no map iframe" if state is None else \
                f"cluster visible: {state['cluster']}, legend changed: {state['legend'] != legend_before}"
            problems = page_problems(page)
            raise Timeout(f"{what}: the map showed no new clusters within {timeout:.0f} s ({seen})"
                          + (f"; the page says: {problems}" if problems else ""))
        time.sleep(0.02)


class ScriptWatch:
    """Follows the app's script runs in the websocket traffic (Streamlit's ForwardMsg protobufs).

    ``running`` follows ``session_status_changed.script_is_running``; small
    frames only are decoded (the big ones are page deltas). Without the
    protobuf module, the page's stale elements stand in for it.
    """

    def __init__(self, page):
        self.bytes = 0
        self.running = False
        self.idle_since = time.perf_counter()
        self.starts = 0                     # script runs started
        self.interrupted = 0                # runs cut short by a newer rerun
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.bytes += len(payload)
        if ForwardMsg is None or not isinstance(payload, bytes) or len(payload) > 20_000:
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except Exception:                   # not a ForwardMsg: ignore it
            return
        kind = msg.WhichOneof("type")
        if kind == "new_session" or (kind == "session_status_changed"
                                     and msg.session_status_changed.script_is_running):
            if not self.running:
                self.starts += 1
            self.running = True
        elif kind == "session_status_changed" and self.running:
            self.running, self.idle_since = False, time.perf_counter()
        elif kind == "script_finished" and msg.script_finished == msg.FINISHED_EARLY_FOR_RERUN:
            self.interrupted += 1

    def wait_idle(self, page, timeout: float, quiet: float = 0.5) -> float:
        """Until no script run and no stale element for ``quiet`` s; returns when the run ended."""
        t0 = since = time.perf_counter()
        while time.perf_counter() - t0 < timeout:
            try:
                stale = page.evaluate("""() => document.querySelectorAll('[data-stale="true"]').length""")
            except PlaywrightError:
                stale = 1
            if stale or self.running:
                since = time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return self.idle_since if self.starts else since
            time.sleep(0.05)
        raise Timeout(f"the app's script was still running after {timeout:.0f} s")


def page_problems(page) -> str:
    texts = []
    for sel in ('[data-testid="stException"]', '[data-testid="stAlertContentError"]'):
        try:
            texts += [t.strip()[:300] for t in page.locator(sel).all_inner_texts()]
        except PlaywrightError:
            pass
    return " | ".join(texts)


def caption(page) -> str | None:
    """The page's "N incidents (R reports; M stored in all) match the filters" line."""
    found = page.locator('[data-testid="stCaptionContainer"]').filter(has_text="match the filters").first
    try:
        return found.inner_text(timeout=5000).split(" · ")[0] if found.count() else None
    except PlaywrightError:
        return None


def sidebar_widget(page, role: str, label: str):
    """A sidebar widget by its accessible role and label (Streamlit 1.5x uses react-aria widgets)."""
    return page.locator('[data-testid="stSidebar"]').get_by_role(role, name=label).first


def choose_type(page, label: str = "Battles") -> float:
    sidebar_widget(page, "combobox", "Event types").click()
    page.keyboard.type(label)
    page.get_by_role("option").filter(has_text=label).first.wait_for(state="visible", timeout=10_000)
    t0 = time.perf_counter()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")            # close the dropdown, as a user would
    return t0


def raise_confidence(page, steps: int = CONF_STEPS) -> float:
    sidebar_widget(page, "slider", "Minimum confidence").focus()
    for _ in range(steps - 1):
        page.keyboard.press("ArrowRight")
    t0 = time.perf_counter()
    page.keyboard.press("ArrowRight")
    return t0


def search(page, word: str = SEARCH_WORD) -> float:
    field = sidebar_widget(page, "textbox", "Find in the sentences")
    field.click()
    field.fill(word)
    t0 = time.perf_counter()
    page.keyboard.press("Enter")
    return t0


def one_run(browser, base: str, timeout: float, screenshot: str | None, log: list) -> dict:
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and log.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: log.append(f"page error: {e}"))
    watch = ScriptWatch(page)
    out: dict = {}
    try:
        t0 = time.perf_counter()
        page.goto(base, wait_until="commit")
        out["open"], legend = wait_map(page, t0, timeout, "open")
        out["loaded"] = watch.wait_idle(page, timeout) - t0
        out["ws_mb_open"] = round(watch.bytes / 1e6, 1)
        infos = [t.strip() for t in page.locator('[data-testid="stAlertContentInfo"]').all_inner_texts()]
        out["notes"] = infos
        out["caption"] = {"open": caption(page)}
        if screenshot:
            time.sleep(1.0)                  # the basemap outlines are fetched after the markers
            page.screenshot(path=screenshot, full_page=True)
        for step, action in (("types", choose_type), ("confidence", raise_confidence), ("search", search)):
            t0 = action(page)
            out[step], legend = wait_map(page, t0, timeout, step, legend)
            watch.wait_idle(page, timeout)
            out["caption"][step] = caption(page)
        out["ws_mb_total"] = round(watch.bytes / 1e6, 1)
        out["slider"] = sidebar_widget(page, "slider", "Minimum confidence").input_value()
        out["final_legend"] = " | ".join(legend.splitlines()) if legend else None
    except Timeout as err:
        out["error"] = str(err)
    except PlaywrightError as err:          # a widget not found, etc.: report it, go on with the next run
        out["error"] = f"{type(err).__name__}: {str(err).splitlines()[0]}"
    finally:
        out["script_runs"], out["interrupted_runs"] = watch.starts, watch.interrupted
        context.close()
    return out


# -- the report -------------------------------------------------------------------
def fmt(x) -> str:
    return "—" if x is None else f"{x:6.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="the event store to serve (MARSAD_DB)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--port", type=int, default=8631)
    ap.add_argument("--timeout", type=float, default=180, help="seconds to wait for each map (default 180)")
    ap.add_argument("--screenshot", help="a full-page PNG after the first run's map has opened")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args(argv)
    if not os.path.exists(args.db):
        raise SystemExit(f"{args.db}: no such file")
    if not port_free(args.port):
        raise SystemExit(f"port {args.port} is in use: choose another with --port")
    base = f"http://127.0.0.1:{args.port}"
    log_path = f"/tmp/time_map-{args.port}.log"
    proc = start_server(args.db, args.port, log_path)
    runs, log, peak = [], [], None
    try:
        up = wait_healthy(proc, base, 120, log_path)
        print(f"server healthy after {up:.1f} s (pid {proc.pid})", flush=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            try:
                for i in range(args.runs):
                    before = len(log)
                    run = one_run(browser, base, args.timeout, args.screenshot if i == 0 else None, log)
                    run["rss_mb"] = rss_mb(proc.pid)[0]
                    runs.append(run)
                    label = "cold" if i == 0 else "warm"
                    rss = (f"  server RSS {run['rss_mb']:.0f} MB" if run["rss_mb"] else "") + \
                        f"  websocket MB: open {run.get('ws_mb_open')}, run {run.get('ws_mb_total')}" + \
                        f"  script runs {run.get('script_runs')} ({run.get('interrupted_runs')} cut short)"
                    print(f"run {i + 1} ({label}): " + "  ".join(f"{s} {fmt(run.get(s))}" for s in STEPS)
                          + rss, flush=True)
                    if run.get("error"):
                        print(f"  TIMEOUT {run['error']}", flush=True)
                    for line in log[before:]:
                        print(f"  {line[:400]}", flush=True)
            finally:
                browser.close()
        peak = rss_mb(proc.pid)[1]
    finally:
        stop_server(proc)

    cold = {s: runs[0].get(s) for s in STEPS} if runs else {}
    warm = {}
    for s in STEPS:
        values = [r[s] for r in runs[1:] if r.get(s) is not None]
        warm[s] = round(statistics.median(values), 3) if values else None
    print()
    print(f"{'seconds':<12}" + "".join(f"{s:>12}" for s in STEPS))
    for i, r in enumerate(runs):
        print(f"{'run %d' % (i + 1) + (' cold' if i == 0 else ''):<12}"
              + "".join(f"{fmt(r.get(s)):>12}" for s in STEPS))
    print(f"{'cold':<12}" + "".join(f"{fmt(cold.get(s)):>12}" for s in STEPS))
    print(f"{'warm median':<12}" + "".join(f"{fmt(warm[s]):>12}" for s in STEPS))
    first = runs[0] if runs else {}
    print(f"captions (run 1): {first.get('caption')}; slider value at the end: {first.get('slider')}")
    print(f"info notes: {first.get('notes')}")
    print(f"final legend (run 1): {first.get('final_legend')}")
    print(f"server peak RSS (VmHWM): {peak:.0f} MB" if peak else "server peak RSS: unknown")
    print(f"browser console/page errors: {len(log)}")
    summary = {"db": args.db, "runs": [{s: (round(r[s], 3) if r.get(s) is not None else None) for s in STEPS}
                                       | ({"error": r["error"]} if r.get("error") else {}) for r in runs],
               "cold": {s: (round(v, 3) if v is not None else None) for s, v in cold.items()},
               "warm_median": warm, "server_peak_rss_mb": round(peak) if peak else None,
               "info_notes": first.get("notes"), "caption": first.get("caption"),
               "websocket_mb_open": first.get("ws_mb_open"), "console_errors": len(log)}
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if any(r.get("error") for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Headless-browser tests of the dashboard: ``streamlit run serve.py`` driven by Chromium.

The app runs as a subprocess on a free loopback port, on a store holding the
seed articles and one article whose sentence carries an HTML/script payload.
Chromium (Debian's, at /usr/bin/chromium: nothing is downloaded) is driven by
Playwright. Every request the pages make is recorded, and the last test checks
that none of them left 127.0.0.1.

The module is skipped when Chromium or the ``playwright`` package is missing,
unless MARSAD_REQUIRE_BROWSER=1 (set by CI): then that fails the run.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from geo import settings

CHROMIUM = Path("/usr/bin/chromium")
#: Set (CI does) to make a missing browser fail the run instead of skipping these tests.
REQUIRED = os.environ.get("MARSAD_REQUIRE_BROWSER", "").strip() not in ("", "0")


def _missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"MARSAD_REQUIRE_BROWSER is set but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if not CHROMIUM.exists():
    _missing(f"there is no Chromium at {CHROMIUM}")
try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright
except ImportError as err:      # pragma: no cover - depends on the machine
    _NO_PLAYWRIGHT = f"playwright cannot be imported ({err})"
else:
    _NO_PLAYWRIGHT = None
if _NO_PLAYWRIGHT:
    _missing(_NO_PLAYWRIGHT)

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 90              # s: the server answering /_stcore/health
FIRST_LOAD_MS = 120_000         # the first page load also loads the gazetteer into the app
LOAD_MS = 60_000
STEP_MS = 20_000

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = ".marsad-cluster, .marsad-dot-icon"
ARABIC = re.compile(r"[\u0600-\u06FF]")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]

# The payload is written with entities: a .txt article holding real tags is
# reduced to its text (geo.ingest.reading.markup), entities alone are just unescaped,
# so the stored sentence carries the tags as text. No "." in it: the sentence
# splitter would cut "window.__xss" in two (a bare assignment sets window.__xss
# just as well).
SCRIPT_PAYLOAD = "<script>__xss=1</script>"
IMG_PAYLOAD = '<img src=x onerror="__xss=2">'
XSS_ARTICLE = ("اشتباكات عنيفة في مدينة سرت &lt;script&gt;__xss=1&lt;/script&gt; "
               "&lt;img src=x onerror=&quot;__xss=2&quot;&gt; صباح اليوم\n")
XSS_PUBLISHED = "2024-03-05"
XSS_QUERY = f"?q=سرت&from={XSS_PUBLISHED}&to={XSS_PUBLISHED}&undated=0"


@dataclass
class App:
    url: str            # http://127.0.0.1:PORT
    port: int
    xss_event: str      # event id of the payload sentence
    store: Path
    env: dict


#: The store's users (python -m geo users add), and their password.
USERS = {"ana": "analyst", "vic": "viewer"}
PASSWORD = "correct horse battery"


def _env(data_dir: Path, store: Path) -> dict[str, str]:
    """The environment of the subprocesses: no MARSAD_* of the user's, the session's gazetteer."""
    ours = {s.env_var for s in settings.SETTINGS.values()}
    env = {k: v for k, v in os.environ.items() if k not in ours and not k.startswith("MARSAD_")}
    env.update(MARSAD_DATA_DIR=str(data_dir), MARSAD_DB=str(store), PYTHONIOENCODING="utf-8")
    return env


def _geo(env: dict, *args: str, stdin: bytes | None = None) -> str:
    """Run ``python -m geo ARGS``; its standard output."""
    proc = subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, f"geo {' '.join(args)} failed:\n{proc.stderr.decode(errors='replace')}"
    return proc.stdout.decode("utf-8")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))     # never via a proxy
    try:
        with opener.open(f"{url}/_stcore/health", timeout=3) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def _tail(path: Path, chars: int = 4000) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-chars:] if path.exists() else ""


def _start(env: dict, log: Path) -> tuple[subprocess.Popen, int]:
    """Start the app on a free port; (process, port) once /_stcore/health answers "ok"."""
    for _attempt in range(3):
        port = _free_port()
        cmd = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
        with open(log, "ab") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and proc.poll() is None:
            if _healthy(f"http://127.0.0.1:{port}"):
                return proc, port
            time.sleep(0.25)
        _stop(proc)
        if "address already in use" not in _tail(log).lower():    # else: the port was taken meanwhile
            break
    pytest.fail(f"the app did not start within {START_TIMEOUT} s; its log:\n{_tail(log)}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


@pytest.fixture(scope="module")
def app(gazetteer, data_dir, tmp_path_factory):
    """The dashboard served on 127.0.0.1, on a store with the seeds and the payload article."""
    tmp = tmp_path_factory.mktemp("browser")
    store = tmp / "events.db"
    env = _env(data_dir, store)
    article = tmp / "xss.txt"
    article.write_text(XSS_ARTICLE, encoding="utf-8")
    _geo(env, "ingest", str(article), "--db", str(store), "--published", XSS_PUBLISHED)
    # The store is no longer empty, so the app will not add the seeds itself.
    _geo(env, "ingest", str(ROOT / "seeds"), "--db", str(store))
    rows = list(csv.DictReader(io.StringIO(_geo(env, "export", "--db", str(store), "--format", "csv"))))
    payload = [r for r in rows if SCRIPT_PAYLOAD in r["snippet"] and IMG_PAYLOAD in r["snippet"]]
    assert len(payload) == 1, f"the payload article gave no single event with the payload: {rows}"
    assert (payload[0]["event_type"], payload[0]["country_code"]) == ("battles", "LY")
    assert sum(r["country_code"] == "OM" for r in rows) >= 1, "the seeds gave no event in Oman"

    for name, role in USERS.items():
        _geo(env, "users", "add", name, "--role", role, "--password-stdin", "--db", str(store),
             stdin=PASSWORD.encode() + b"\n")

    proc, port = _start(env, tmp / "streamlit.log")
    try:
        yield App(f"http://127.0.0.1:{port}", port, payload[0]["event_id"], store, env)
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def seen_urls() -> list[str]:
    """Every URL requested by every page of this module (HTTP requests and WebSockets)."""
    return []


@pytest.fixture(scope="module")
def browser():
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception:
        pw.stop()
        raise
    yield chromium
    try:
        chromium.close()
    finally:
        pw.stop()


@pytest.fixture
def page(browser, seen_urls):
    """A fresh browser context and page; their requests go into ``seen_urls``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.on("request", lambda request: seen_urls.append(request.url))
    pg = context.new_page()
    pg.on("websocket", lambda ws: seen_urls.append(ws.url))
    yield pg
    context.close()


# -- helpers -------------------------------------------------------------------------
def sign_in(page, user: str, password: str = PASSWORD) -> None:
    """Fill in the sign-in form the page shows."""
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def goto(page, app: App, query: str = "", user: str | None = "ana") -> None:
    """Open ``query`` and sign in as ``user`` (a new page is a new session)."""
    page.goto(f"{app.url}/{query}", timeout=LOAD_MS)
    if user:
        page.get_by_label("User name").wait_for(timeout=FIRST_LOAD_MS)
        sign_in(page, user)


def open_app(page, app: App, query: str = "", markers: bool = True, user: str | None = "ana"):
    """Open ``query`` signed in as ``user``, wait for the map (and its markers) and for the script run to end.

    Returns the map's FrameLocator.
    """
    goto(page, app, query, user)
    page.wait_for_selector(MAP_IFRAME, timeout=FIRST_LOAD_MS)
    frame = page.frame_locator(MAP_IFRAME)
    if markers:
        # Built by marsad-map.js once Leaflet has loaded from /app/static/.
        frame.locator(MARKERS).first.wait_for(timeout=LOAD_MS)
    wait_idle(page)
    return frame


def wait_idle(page) -> None:
    """Wait until no script run is going on, and check that none raised."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           state="attached", timeout=LOAD_MS)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def single_marker(frame):
    """A visible single-event marker, clicking clusters open until there is one."""
    dots = frame.locator(".marsad-dot-icon")
    for _ in range(15):
        if dots.count():
            return dots.first
        frame.locator(".marsad-cluster").first.click()
        try:
            dots.first.wait_for(state="visible", timeout=3000)
        except PlaywrightTimeout:   # still a cluster (the map zoomed one step): click again
            pass
    pytest.fail("no single marker after clicking 15 clusters")


def open_popup(frame):
    """Click a lone marker; its popup's snippet, dir, <mark> text, event id and text."""
    single_marker(frame).click()
    snippet = frame.locator(".leaflet-popup-content .marsad-popup p.marsad-snippet")
    snippet.wait_for(timeout=STEP_MS)
    # One read: the rerun that follows the click must not race with several.
    return snippet.evaluate("""el => {
        const popup = el.closest('.leaflet-popup-content');
        const mark = el.querySelector('mark');
        return {text: el.textContent, dir: el.getAttribute('dir'),
                mark: mark ? mark.textContent : null,
                id: popup.querySelector('.marsad-id').textContent,
                chip: popup.querySelector('.marsad-chip').textContent,
                popup: popup.textContent,
                elements: Array.from(el.querySelectorAll('*'), n => n.tagName.toLowerCase())};
    }""")


def event_id(popup: dict) -> str:
    found = re.fullmatch(r"\[event ([0-9a-f]+-\d+)\]", popup["id"].strip())
    assert found, popup["id"]
    return found.group(1)


def article(page):
    """The article view below the map (main page, not the map's frame), once shown."""
    view = page.locator("div.marsad-article")
    view.wait_for(timeout=STEP_MS)
    return view


def xss_flags(page) -> list:
    """``window.__xss`` in the page and in every frame (None everywhere if no payload ran)."""
    return [(frame.url[:60], frame.evaluate("window.__xss")) for frame in page.frames]


# -- tests ---------------------------------------------------------------------------
def test_map_marker_popup_shows_arabic_snippet(page, app):
    frame = open_app(page, app, "?country=OM")       # the talks in Oman, in the seeds
    popup = open_popup(frame)
    assert ARABIC.search(popup["text"]), popup
    assert popup["dir"] == "rtl"
    assert popup["mark"] and popup["mark"] in popup["text"], popup
    assert ARABIC.search(popup["mark"]), popup
    assert "Battles" in popup["chip"] or ARABIC.search(popup["chip"]), popup
    chosen = event_id(popup)
    shown = frame.locator(".leaflet-popup-content .marsad-id").bounding_box()
    assert shown is None or (shown["width"] <= 1 and shown["height"] <= 1), shown    # for the app, not people

    # The click reruns the app: the event goes into the URL and its article is shown.
    expect(page).to_have_url(re.compile(rf"[?&]event={re.escape(chosen)}(&|$)"), timeout=STEP_MS)
    view = article(page)
    assert ARABIC.search(view.inner_text())
    mentions = view.locator("mark.marsad-mention")
    expect(mentions.first).to_be_visible()
    assert popup["mark"] in mentions.all_inner_texts()
    expect(view.locator("#marsad-selected")).to_contain_text(popup["mark"])
    wait_idle(page)


def test_script_payload_runs_nothing(page, app):
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    frame = open_app(page, app, XSS_QUERY)
    expect(frame.locator(".marsad-dot-icon")).to_have_count(1)
    expect(frame.locator(".marsad-cluster")).to_have_count(0)
    popup = open_popup(frame)
    assert event_id(popup) == app.xss_event
    # The tags are shown as text: nothing but the place's <mark> inside the sentence.
    assert SCRIPT_PAYLOAD in popup["text"] and IMG_PAYLOAD in popup["text"], popup
    assert popup["elements"] == ["mark"], popup
    assert SCRIPT_PAYLOAD in popup["popup"]
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(SCRIPT_PAYLOAD)
    assert all(flag is None for _, flag in xss_flags(page)), xss_flags(page)

    view = article(page)
    expect(view).to_contain_text(SCRIPT_PAYLOAD)
    expect(view).to_contain_text(IMG_PAYLOAD)
    expect(view.locator("script, img")).to_have_count(0)
    wait_idle(page)
    assert page.evaluate("window.__xss") is None
    assert all(flag is None for _, flag in xss_flags(page)), xss_flags(page)
    expect(page.locator("img[src='x']")).to_have_count(0)
    expect(frame.locator("img[src='x']")).to_have_count(0)
    assert not dialogs, dialogs


def test_filter_in_url_round_trip(page, app):
    open_app(page, app, "?type=battles&party=gna")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_be_visible()

    def tags(label: str):
        widget = sidebar.locator('[data-testid="stMultiSelect"]').filter(
            has=page.locator('[data-testid="stWidgetLabel"]', has_text=label))
        return widget.locator('[data-testid="stMultiSelectTagsContainer"] [data-tag]')

    expect(tags("Event types")).to_have_count(1)
    expect(tags("Event types").first).to_contain_text("Battles")
    expect(tags("Parties")).to_have_count(1)
    expect(tags("Parties").first).to_contain_text("Government of National Accord")
    expect(tags("Countries")).to_have_count(0)
    wait_idle(page)
    assert "type=battles" in page.url and "party=gna" in page.url, page.url


def test_briefing_view(page, app):
    open_app(page, app, "?view=briefing")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('[data-testid="stSidebarCollapsedControl"]')).to_be_hidden()
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Incidents")
    expect(metric.first).to_be_visible()
    assert "view=briefing" in page.url, page.url


def _upgrade(port: int, host: str, origin: str) -> int:
    """The status of a websocket handshake to /_stcore/stream with these Host and Origin headers."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall((f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n"
                      "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").encode())
        return int(sock.recv(200).split(b" ", 2)[1])


def test_a_foreign_host_is_refused(app):
    """DNS rebinding: a page on evil.example whose name resolves to this machine cannot open the app."""
    assert _upgrade(app.port, f"127.0.0.1:{app.port}", f"http://127.0.0.1:{app.port}") == 101
    assert _upgrade(app.port, f"evil.example:{app.port}", f"http://evil.example:{app.port}") == 403


def test_static_files_are_for_the_app_itself(app):
    """No other site may read the map data under /app/static/: no CORS header, and a foreign Host is refused."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(f"{app.url}/app/static/README.md", headers={"Origin": "http://evil.example"})
    with opener.open(request, timeout=10) as resp:
        assert resp.status == 200 and resp.headers.get("Access-Control-Allow-Origin") is None
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(urllib.request.Request(f"{app.url}/app/static/README.md",
                                           headers={"Host": f"evil.example:{app.port}"}), timeout=10)
    assert refused.value.code == 421


NASTY_UPLOAD = "\n".join([
    '{"text": "اشتباكات عنيفة في مدينة درنة صباح اليوم"}',
    '{"text": ' + "[" * 3000 + "}",
    '{"text": "\\ud800 surrogate"}',
    '{"id": ' + "9" * 5000 + ', "text": "x"}',
    '{"text": "قصف مدفعي على مدينة سبها فجر اليوم", "published": "0001-01-01"}',
])
GOOD_UPLOAD = "اشتباكات عنيفة في مدينة غريان صباح اليوم"


def test_an_upload_of_nasty_records_shows_a_summary_not_a_traceback(page, app, tmp_path):
    """The bad records are named by file and line, the good ones stored; no traceback, no server path."""
    from geo.ingest import article_id

    files = {"nasty.jsonl": NASTY_UPLOAD, "deep.json": "[" * 3000, "good.txt": GOOD_UPLOAD}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    open_app(page, app)
    page.get_by_role("tab", name="Add articles").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(tmp_path / name) for name in files])
    page.get_by_label("Source (outlet)").fill("www.evil.example user@evil.example")
    page.get_by_role("button", name="Add to the store").click()
    summary = page.get_by_text(re.compile(r"Added \d+, replaced"))
    summary.wait_for(timeout=LOAD_MS)
    wait_idle(page)
    main = page.locator('[data-testid="stMain"]')
    expect(summary).to_contain_text("Added 3, replaced 0")
    for said in ("nasty.jsonl:2", "nasty.jsonl:3", "nasty.jsonl:4", "deep.json", "before 1900"):
        expect(main).to_contain_text(said, timeout=STEP_MS)
    text = main.inner_text()
    assert "Traceback" not in text and str(ROOT) not in text and "/tmp/" not in text

    # The source names a site and an address: shown as text in the article view, never as links.
    goto(page, app, f"?event={article_id(GOOD_UPLOAD)}-000")
    article(page)
    wait_idle(page)
    caption = page.get_by_text(re.compile("Source: www")).first
    expect(caption).to_be_visible()
    assert caption.locator("a").count() == 0, caption.inner_html()
    assert "evil.example" in caption.inner_text()


def _reports(app: App) -> dict:
    rows = csv.DictReader(io.StringIO(_geo(app.env, "export", "--reports", "--format", "csv", "--db", str(app.store))))
    return {r["event_id"]: r for r in rows}


def test_an_analyst_reviews_and_a_viewer_cannot(page, app):
    """Move one incident to another candidate, reject another, add a missed one, sign out; a viewer
    finds no controls; the edit log has the three changes under the analyst's name."""
    rows = _reports(app)
    tripoli = next(i for i, r in rows.items() if r["place_id"] == "geonames:2210247")
    other = next(i for i, r in rows.items() if r["article_id"] == rows[tripoli]["article_id"] and i != tripoli
                 and r["place_id"] != "geonames:2210247")
    goto(page, app, f"?event={tripoli}", "ana")
    article(page)
    wait_idle(page)
    page.get_by_text("Correct the place").click()
    page.get_by_text(re.compile("local alias")).click()          # a test move: do not teach it
    page.get_by_role("button", name="Move the incident").click()
    expect(page.get_by_text("Place corrected.")).to_be_visible(timeout=LOAD_MS)
    wait_idle(page)

    goto(page, app, f"?event={other}", "ana")
    article(page)
    wait_idle(page)
    page.get_by_role("button", name="Reject", exact=True).click()
    expect(page.get_by_text("Rejected.", exact=True)).to_be_visible(timeout=LOAD_MS)
    wait_idle(page)

    goto(page, app, f"?event={tripoli}", "ana")
    article(page)
    wait_idle(page)
    page.get_by_text("Add an incident the machine missed").click()
    place = page.get_by_label("Place (a gazetteer name, Arabic or English)")
    place.fill("سرت")
    place.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Add the incident").click()
    expect(page.get_by_text("Incident added.")).to_be_visible(timeout=LOAD_MS)
    wait_idle(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("User name")).to_be_visible(timeout=LOAD_MS)

    after = _reports(app)
    assert after[tripoli]["place_id"] == "geonames:266826" and after[tripoli]["status"] == "machine"
    assert other not in after                                    # rejected: hidden
    added = [r for r in after.values() if r["event_id"].split("-")[-1].startswith("a")]
    assert len(added) == 1 and added[0]["place_name_ar"] == "سرت" and added[0]["status"] == "reviewed"

    goto(page, app, f"?event={tripoli}", "vic")
    article(page)
    wait_idle(page)
    expect(page.get_by_text(re.compile("reviewing is for analysts"))).to_be_visible()
    for control in ("Confirm", "Reject", "Move the incident", "Save note", "Add the incident"):
        expect(page.get_by_role("button", name=control, exact=True)).to_have_count(0)
    expect(page.get_by_role("tab", name="Admin")).to_have_count(0)
    page.get_by_role("tab", name="Add articles").click()
    expect(page.get_by_text(re.compile("Adding articles is for analysts"))).to_be_visible()
    expect(page.locator('[data-testid="stFileUploaderDropzoneInput"]')).to_have_count(0)

    log = _geo(app.env, "review", "log", "--db", str(app.store)).splitlines()
    assert len(log) == 3 and all("  ana  " in line for line in log), log
    assert sorted(line.split("  ")[3].split(":")[0] for line in log) == ["added", "place", "status"], log


def test_time_slider_and_playback(page, app):
    """A week's window leaves the other incidents out; playback moves the window on, day by day."""
    frame = open_app(page, app)
    expect(frame.locator(".leaflet-control-layers-expanded")).to_have_count(0)     # folded at first
    control = frame.locator(".marsad-time")
    expect(control).to_be_visible(timeout=STEP_MS)
    everything = int(control.get_attribute("data-count"))
    # Every date: the caption's count is the map's, and says how many the day range leaves out.
    caption = re.fullmatch(r"\d{4}-\d\d-\d\d( – \d{4}-\d\d-\d\d)? · (\d+)( \((\d+) not dated to the day\))?",
                           frame.locator(".marsad-time-label").inner_text())
    assert caption and int(caption[2]) == everything, frame.locator(".marsad-time-label").inner_text()
    assert caption[4] and 0 < int(caption[4]) < everything     # the seeds' Libyan incidents are dated to the month
    frame.locator(".marsad-time-window").select_option(label="one week")
    week = int(control.get_attribute("data-count"))
    assert 0 < week < everything, (week, everything)
    # The slider to the payload article's day (2024-03-05): only it is left.
    day = (dt.date.fromisoformat(XSS_PUBLISHED) - dt.date(1970, 1, 1)).days
    frame.locator(".marsad-time-slider").evaluate(
        f"el => {{ el.value = {day}; el.dispatchEvent(new Event('input')); }}")
    expect(control).to_have_attribute("data-count", "1")
    expect(frame.locator(".marsad-time-label")).to_contain_text("2024-03-05")
    frame.locator(".marsad-time-speed").select_option("7")
    frame.locator(".marsad-time-play").click()
    expect(frame.locator(".marsad-time-label")).not_to_contain_text("– 2024-03-05", timeout=STEP_MS)
    later = int(frame.locator(".marsad-time-slider").evaluate("el => +el.value"))
    assert later > day
    expect(control).to_have_attribute("data-count", "0", timeout=STEP_MS)   # a week later: nothing left
    frame.locator(".marsad-time-play").click()                                # pause


def test_a_new_filter_fills_the_same_map(page, app):
    """A filter changes what the map shows, not the map: no new frame, one legend, one time control."""
    frame = open_app(page, app)
    control = frame.locator(".marsad-time")
    expect(control).to_be_visible(timeout=STEP_MS)
    everything = int(control.get_attribute("data-count"))
    frame.locator("body").evaluate("() => { window.__same_map = true; }")     # gone if the frame reloads
    page.get_by_label("Find in the sentences").fill("سرت")
    page.get_by_label("Find in the sentences").press("Enter")
    wait_idle(page)
    expect(control).not_to_have_attribute("data-count", str(everything), timeout=STEP_MS)
    assert 0 < int(control.get_attribute("data-count")) < everything
    expect(frame.locator(".marsad-legend")).to_have_count(1)
    expect(frame.locator(".marsad-time")).to_have_count(1)
    assert frame.locator("body").evaluate("() => window.__same_map === true"), "the map was built anew"
    assert frame.locator(".marsad-dot-icon, .marsad-cluster").count() > 0
    # The seeds' Tripoli incidents are dated to the month: the control says why there is no slider.
    page.get_by_label("Find in the sentences").fill("طرابلس")
    page.get_by_label("Find in the sentences").press("Enter")
    wait_idle(page)
    expect(frame.locator(".marsad-time-label")).to_contain_text("none dated to the day", timeout=STEP_MS)
    expect(frame.locator(".marsad-time")).to_have_count(1)
    expect(frame.locator(".marsad-time-slider")).to_have_count(0)


UNDER_LEGEND = """() => {
    const legend = document.querySelector('.marsad-legend').getBoundingClientRect();
    return [...document.querySelectorAll('.leaflet-marker-pane .marsad-cluster-icon, .leaflet-marker-pane .marsad-dot-icon')]
        .filter(m => { const b = m.getBoundingClientRect(), x = (b.left + b.right) / 2, y = (b.top + b.bottom) / 2;
                       return x >= legend.left && x <= legend.right && y >= legend.top && y <= legend.bottom; }).length;
}"""


def test_the_legend_moves_off_the_markers(page, app):
    """Panned so that a marker sits under the legend, the legend goes to the other corner."""
    frame = open_app(page, app)
    expect(frame.locator(".leaflet-bottom.leaflet-left .marsad-legend")).to_have_count(1)
    frame.locator("body").evaluate("""() => {
        const key = Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].getZoom);
        const map = window[key], icon = document.querySelector('.leaflet-marker-pane .marsad-cluster-icon, .leaflet-marker-pane .marsad-dot-icon');
        const m = icon.getBoundingClientRect(), l = document.querySelector('.marsad-legend').getBoundingClientRect();
        map.panBy([(m.left + m.right) / 2 - (l.left + l.right) / 2, (m.top + m.bottom) / 2 - (l.top + l.bottom) / 2],
                  {animate: false});
    }""")
    expect(frame.locator(".leaflet-top.leaflet-right .marsad-legend")).to_have_count(1, timeout=STEP_MS)
    assert frame.locator("body").evaluate(UNDER_LEGEND) == 0


MAP_OF = """() => { const key = Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].getZoom);
                    const m = window[key]; return {zoom: m.getZoom(), lat: m.getCenter().lat, lon: m.getCenter().lng}; }"""


#: Pans the map so that a lone marker sits 70 px from the map's right edge (where the article
#: panel, opening beside the map, narrows it).
MARKER_TO_RIGHT_EDGE = """() => { const key = Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].getZoom);
    const m = window[key], icon = document.querySelector('.marsad-dot-icon');
    const box = icon.getBoundingClientRect(), width = m.getSize().x;
    m.panBy([box.x + box.width / 2 - (width - 70), 0], {animate: false}); }"""


def test_a_selected_incident_is_ringed_and_its_article_beside_the_map(page, app):
    frame = open_app(page, app, "?country=OM")
    single_marker(frame)
    frame.locator("body").evaluate(MARKER_TO_RIGHT_EDGE)
    popup = open_popup(frame)
    chosen = event_id(popup)
    expect(page).to_have_url(re.compile(rf"[?&]event={re.escape(chosen)}(&|$)"), timeout=STEP_MS)
    expect(frame.locator(".marsad-selected")).to_have_count(1, timeout=STEP_MS)      # ringed, map not redrawn
    view = article(page)
    map_box = page.locator(MAP_IFRAME).bounding_box()
    panel_box = view.bounding_box()
    assert panel_box["x"] > map_box["x"] + map_box["width"] - 5, (map_box, panel_box)   # beside, not below
    # The map narrowed for the panel: its open popup is panned back into the map, not cut off.
    popup_box = None
    for _ in range(50):
        map_box = page.locator(MAP_IFRAME).bounding_box()
        popup_box = frame.locator(".leaflet-popup-content-wrapper").bounding_box()
        if popup_box and map_box["x"] <= popup_box["x"] and \
                popup_box["x"] + popup_box["width"] <= map_box["x"] + map_box["width"]:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the popup is outside the map: {popup_box} in {map_box}")
    mark = view.locator("#marsad-selected")
    expect(mark).to_be_in_viewport(timeout=STEP_MS)
    wait_idle(page)


def test_a_link_reopens_the_same_map_view_with_place_names(page, app):
    """Centre, zoom and selection in the link; at zoom 6 over Yemen the towns are named in Arabic."""
    frame = open_app(page, app, "?c=15.0,45.5&z=6", markers=False)
    where = frame.locator("body").evaluate(MAP_OF)
    assert where["zoom"] == 6 and abs(where["lat"] - 15.0) < 0.01 and abs(where["lon"] - 45.5) < 0.01, where
    names = frame.locator(".marsad-label b")
    expect(names.first).to_be_visible(timeout=STEP_MS)
    shown = names.all_inner_texts()
    assert {"صنعاء", "عدن"} & set(shown), shown
    assert all(ARABIC.search(n) for n in shown[:10]), shown
    # Panning writes the view into the link.
    frame.locator("body").evaluate("() => { const k = Object.keys(window).find(k => k.startsWith('map_') && window[k].getZoom); window[k].setView([16.5, 44.0], 7); }")
    expect(page).to_have_url(re.compile(r"[?&]c=16\.50*(,|%2C)44\.?0*&z=7"), timeout=STEP_MS)
    # A rerun of the page (a filter changed) keeps the map's view in the link.
    page.get_by_label("Find in the sentences").fill("اشتباكات")
    page.get_by_label("Find in the sentences").press("Enter")
    expect(page).to_have_url(re.compile(r"q=.*"), timeout=STEP_MS)
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"[?&]c=16\.50*(,|%2C)44\.?0*&z=7"), timeout=STEP_MS)
    where = frame.locator("body").evaluate(MAP_OF)
    assert where["zoom"] == 7 and abs(where["lat"] - 16.5) < 0.01, where          # the redrawn map too


def test_copy_link_and_png_of_the_view(browser, app, tmp_path):
    """The map's two buttons: the link to this view, and the view as a PNG image."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US", accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app.url)
    page = context.new_page()
    prompted = []
    page.on("dialog", lambda d: (prompted.append(d.default_value), d.dismiss()))
    try:
        frame = open_app(page, app, "?c=15.0,45.5&z=6")
        frame.locator(".marsad-copy-link").click()
        page.wait_for_timeout(500)
        copied = prompted[0] if prompted else page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.url and "c=15.0" in copied and "z=6" in copied, (copied, page.url)
        with page.expect_download(timeout=STEP_MS) as got:
            frame.locator(".marsad-png").click()
        saved = tmp_path / "view.png"
        got.value.save_as(saved)
        data = saved.read_bytes()
        assert got.value.suggested_filename == "marsad-view.png"
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, len(data)
    finally:
        context.close()


def test_on_a_phone_the_map_takes_the_screen(browser, app, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2, locale="en-US")
    page = context.new_page()
    try:
        frame = open_app(page, app, "?country=OM")
        expect(page.locator('[data-testid="stSidebar"]')).not_to_be_in_viewport()     # filters in a drawer
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box["height"] >= 0.7 * 844 and box["width"] >= 360, box
        inner = frame.locator(".leaflet-container").bounding_box()
        assert inner["height"] >= 0.7 * 844, inner                                  # the map fills its frame
        single_marker(frame).click()
        popup = frame.locator(".leaflet-popup-content-wrapper")
        popup.wait_for(timeout=STEP_MS)
        pbox = popup.bounding_box()
        assert pbox["x"] >= box["x"] - 1 and pbox["x"] + pbox["width"] <= box["x"] + box["width"] + 1, (pbox, box)
        page.screenshot(path=str(tmp_path / "phone.png"))
    finally:
        context.close()


# -- the wall screen ---------------------------------------------------------------------------
WALL_PARTIES = ["gna", "lna", "houthis", "saleh", "yemen_gov", "resistance", "coalition", "saudi", "aqap", "isis",
                "nusra", "hezbollah", "syria_gov", "iran"]


def _wall_rows(k: int, party: str, day: str) -> tuple[dict, list, list]:
    aid = f"{k:020x}"
    text = f"اشتباكات في مدينة رقم {k}"
    article = {"article_id": aid, "key": f"text:{aid}", "title": None, "text": text, "source": f"wire{k % 3}",
               "url": None, "origin": "wall.txt", "published_start": day, "published_end": day,
               "published_precision": "day", "published_approximate": 0, "published_basis": None}
    event = {"event_id": f"{aid}-000", "article_id": aid, "event_type": "battles", "sub_event_type": "armed_clash",
             "date_start": day, "date_end": day, "date_precision": "day", "date_approximate": 0,
             "date_basis": "sentence", "date_text": None, "time_of_day": None, "place_id": f"test:{k}",
             "place_name": f"Town {k}", "place_name_ar": f"بلدة {k}", "place_text": "مدينة", "country_code": "YE",
             "feature": "PPL", "lat": 13.0 + k * 0.4, "lon": 44.0 + (k % 5) * 0.5, "geo_precision": 1,
             "match": "exact", "actor1": party, "actor2": None, "snippet": text, "snippet_start": 0,
             "place_start": 11, "place_end": 16, "trigger_text": "اشتباكات", "trigger_start": 0, "trigger_end": 8,
             "confidence": 0.9, "reason": "wall test",
             "parties": [{"event_id": f"{aid}-000", "party_id": party, "party_name": party, "colour": "#000000",
                          "role": "actor1"}]}
    return article, [], [event]


@pytest.fixture(scope="module")
def wall_app(gazetteer, data_dir, tmp_path_factory):
    """The app on a store of 14 incidents of 14 parties today, and one of 2020 (outside every window)."""
    import datetime as dt

    from geo.store import Store

    tmp = tmp_path_factory.mktemp("wall")
    store = tmp / "wall.db"
    today = dt.date.today().isoformat()
    with Store(str(store)) as db:
        for k, party in enumerate(WALL_PARTIES):
            db.put(*_wall_rows(k, party, today))
        db.put(*_wall_rows(99, "gna", "2020-05-14"))
    env = _env(data_dir, store)
    proc, port = _start(env, tmp / "streamlit.log")
    try:
        yield App(f"http://127.0.0.1:{port}", port, "", store, env)
    finally:
        _stop(proc)


@pytest.mark.parametrize("width, height", [(1920, 1080), (3840, 2160)])
def test_the_wall_screen_fits_the_screen(browser, wall_app, width, height, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    try:
        frame = open_app(page, wall_app, "?view=briefing", user=None)
        for _ in range(20):             # the page fits the map to the height left once it is drawn
            sizes = page.evaluate("""() => {
                const main = document.querySelector('[data-testid="stMain"]');
                return {doc: document.documentElement.scrollHeight, main: main.scrollHeight, inner: innerHeight,
                        figure: parseFloat(getComputedStyle(document.querySelector('[data-testid="stMetricValue"]')).fontSize)};
            }""")
            if sizes["doc"] <= sizes["inner"] and sizes["main"] <= sizes["inner"] + 1:
                break
            time.sleep(0.25)
        assert sizes["doc"] <= sizes["inner"] and sizes["main"] <= sizes["inner"] + 1, sizes   # no scrolling
        assert sizes["figure"] >= 24, sizes
        expect_map_on_screen(page, frame)
        metric = page.locator('[data-testid="stMetric"]').filter(has_text="Incidents").first
        expect(metric).to_contain_text("14")                     # today's fourteen; not the 2020 one
        expect(page.get_by_text("Newest incidents")).to_be_visible()
        expect(page.locator(".marsad-newest li")).to_have_count(8)
        clock = page.frame_locator('iframe[title="st.iframe"], iframe[srcdoc*="toLocaleTimeString"]').locator("#c")
        expect(clock).to_contain_text(re.compile(r"\d\d:\d\d"))
        # No zoom or layer controls on the wall; text on the map at least 18 px.
        expect(frame.locator(".leaflet-control-zoom")).to_have_count(0)
        expect(frame.locator(".leaflet-control-layers")).to_have_count(0)
        label = frame.locator(".marsad-country span").first
        assert float(label.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 18
        page.screenshot(path=str(tmp_path / f"wall-{width}.png"))      # renders whole: nothing hangs
    finally:
        context.close()


def expect_map_on_screen(page, frame) -> None:
    """The wall's map and its legend end above the screen's foot (the page cannot scroll to them)."""
    for _ in range(20):                 # the page fits the map to the height left once it is drawn
        bottom = page.locator(MAP_IFRAME).bounding_box()
        if bottom["y"] + bottom["height"] <= page.viewport_size["height"]:
            break
        time.sleep(0.25)
    assert bottom["y"] + bottom["height"] <= page.viewport_size["height"], bottom
    legend = frame.locator(".marsad-legend").bounding_box()        # the page's coordinates too
    assert legend["y"] + legend["height"] <= bottom["y"] + bottom["height"], (legend, bottom)


def test_an_archive_on_the_wall_keeps_the_map_on_screen(browser, app):
    """Nothing in the last 30 days: the title says so, on two lines, and the map still fits."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-US")
    page = context.new_page()
    try:
        frame = open_app(page, app, "?view=briefing&window=30d")          # signed in: the store has users
        expect(page.get_by_text("nothing in the last 30 days").first).to_be_visible()
        expect_map_on_screen(page, frame)
    finally:
        context.close()


#: The largest incident count shown by a map frame of the page (-1: none drawn yet).
SHOWN_ON_MAPS = """() => Math.max(-1, ...[...document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')]
    .map(f => { try { const box = f.contentDocument.querySelector('.marsad-time');
                      return box ? +box.getAttribute('data-count') : -1; } catch (e) { return -1; } }))"""
NEW_ARTICLE = ("انفجار قرب نطنز\n\nأفادت وسائل إعلام إيرانية بوقوع انفجار قرب منشأة نطنز النووية وسط إيران "
               "صباح الجمعة، وقال متحدث إن الانفجار لم يسفر عن إصابات.\n")


def test_an_article_ingested_while_the_map_is_open_appears_in_place(page, app, tmp_path):
    """Live: a new incident reaches an open dashboard within 15 s, without a reload, the map where it was."""
    frame = open_app(page, app)
    before = int(frame.locator(".marsad-time").get_attribute("data-count"))
    frame.locator("body").evaluate("() => { const k = Object.keys(window).find(k => k.startsWith('map_') && window[k].getZoom); window[k].setView([31.0, 48.0], 5); }")
    expect(page).to_have_url(re.compile(r"[?&]c=31\.0+(,|%2C)48\.0+&z=5"), timeout=STEP_MS)
    page.evaluate("() => { window.__same_page = true; }")               # gone if the page reloads
    article = tmp_path / "natanz.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    _geo(app.env, "ingest", str(article), "--db", str(app.store), "--published", "2024-03-15")
    stored = time.monotonic()
    deadline, shown = stored + 15, before
    while time.monotonic() < deadline and shown <= before:
        shown = page.evaluate(SHOWN_ON_MAPS)            # the map may be two frames while it is redrawn
        time.sleep(0.25)
    took = time.monotonic() - stored
    assert shown == before + 1, f"{shown} incidents on the map {took:.1f} s after the article was stored"
    assert page.evaluate("() => window.__same_page === true"), "the page was reloaded"
    wait_idle(page)
    time.sleep(1)                                                         # the redrawn map settles where it was
    frame = page.frame_locator(MAP_IFRAME)
    where = frame.locator("body").evaluate(MAP_OF)
    assert where["zoom"] == 5 and abs(where["lat"] - 31.0) < 0.01 and abs(where["lon"] - 48.0) < 0.01, where


def test_no_request_left_the_machine(page, app, seen_urls):
    # Last in the module; it loads the app itself too, so that it also holds when run alone.
    open_app(page, app)
    local = (f"http://127.0.0.1:{app.port}/", f"ws://127.0.0.1:{app.port}/")
    checked = [u for u in seen_urls if not u.startswith(("data:", "blob:", "about:"))]
    assert any(u.startswith(local[1]) for u in checked), "no WebSocket to the app was seen"
    assert any("/app/static/" in u for u in checked), "the map's scripts were not seen"
    away = sorted({u for u in checked if not u.startswith(local)})
    assert not away, away

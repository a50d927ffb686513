"""The watcher: feeds and pages from a local site (tests/feedserver.py), the faults of real sites,
conditional requests, wire copies, a killed watcher, and drop folders."""
from __future__ import annotations

import json
import re
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.exc import ConfigurationError, FeedError
from geo.ingest import Ingester
from geo.ingest.dropping import take_folder
from geo.ingest.feedlist import Feed, read_feeds
from geo.ingest.fetching import Fetcher
from geo.ingest.watching import Watcher
from tests.feedserver import ARTICLES, Site, atom, hang, huge, page, redirect_to, rss

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def site():
    with Site() as s:
        for slug in ARTICLES:
            s.routes[f"/news/{slug}"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page(slug))
        s.routes["/rss"] = (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'},
                            rss(s.base, [("misrata", "/news/misrata"), ("sirte", "/news/sirte")]))
        # The same wire story as /news/sirte, from another outlet, and an article of its own.
        s.routes["/wire/sirte"] = s.routes["/news/sirte"]
        s.routes["/atom"] = (200, {"Content-Type": "application/atom+xml"},
                             atom(s.base, [("sirte", "/wire/sirte"), ("tripoli", "/news/tripoli")]))
        yield s


def watcher(ingester, feeds, **kw) -> Watcher:
    fetcher = Fetcher(timeout=kw.pop("timeout", 5), max_bytes=kw.pop("max_bytes", 1_000_000), host_interval=0)
    return Watcher(ingester, feeds, fetcher=fetcher, **kw)


def feeds_of(site, *paths) -> list[Feed]:
    return [Feed(site.base + p, f"outlet {p}", interval=600) for p in paths]


def test_rss_and_atom_items_are_ingested_once(ingester, store, site):
    w = watcher(ingester, feeds_of(site, "/rss", "/atom"))
    first = w.once()
    assert [r.ok for r in first] == [True, True]
    assert (first[0].added, first[1].added, first[1].copies) == (2, 1, 1)
    assert store.count("articles") == 3 and store.count("events") >= 3
    urls = {a["url"] for a in map(store.article_by_key, [f"url:{site.base}/news/{s}" for s in ARTICLES]) if a}
    assert urls == {f"{site.base}/news/{s}" for s in ("misrata", "sirte", "tripoli")}
    # Titles, dates and outlets came from the page and the feed.
    misrata = store.article_by_key(f"url:{site.base}/news/misrata")
    assert misrata["published_start"] == "2024-03-12" and misrata["source"] == "outlet /rss"
    assert misrata["text"].startswith(ARTICLES["misrata"][0]) and "<" not in misrata["text"]
    before = (store.count("articles"), store.count("events"), store.generation())
    pages = sum(n for p, n in site.hits.items() if p.startswith(("/news", "/wire")))
    second = w.once()
    assert (store.count("articles"), store.count("events"), store.generation()) == before
    assert [r.added for r in second] == [0, 0]
    # The RSS feed answered 304 to its validator; no page was asked for again.
    assert second[0].not_modified and site.headers_seen["/rss"].get("If-None-Match") == '"v1"'
    assert sum(n for p, n in site.hits.items() if p.startswith(("/news", "/wire"))) == pages


def test_a_wire_copy_counts_as_another_source(ingester, store, site):
    watcher(ingester, feeds_of(site, "/rss", "/atom")).once()
    [sirte] = [e for e in store.events() if e["url"] == f"{site.base}/news/sirte"][:1]
    assert sirte["other_sources"] == [{"source": "outlet /atom", "url": f"{site.base}/wire/sirte"}]
    from geo.events import group_reports

    incidents = [i for i in group_reports(store.events()) if any(r["url"] == sirte["url"] for r in i["reports"])]
    assert incidents and set(incidents[0]["sources"]) >= {"outlet /rss", "outlet /atom"}
    # Re-parsing the article (a new gazetteer: ingest --force) keeps its other outlets.
    art = store.article(sirte["article_id"])
    ingester.force = True
    from geo.ingest import Article

    report = ingester.take([Article(art["text"], art["title"], None, art["source"], art["url"],
                                    art["published_start"], "again")])
    assert report.replaced == 1
    assert store.event(sirte["event_id"])["other_sources"] == sirte["other_sources"]


def test_faults_are_counted_and_never_stop_the_other_feeds(ingester, store, site):
    site.routes["/garbage"] = (200, {"Content-Type": "application/rss+xml"}, b"\x00\x01 this is not xml <<<")
    site.routes["/down"] = (500, {}, b"oops")
    site.routes["/loop"] = redirect_to("/loop")
    site.routes["/hangs"] = hang(5)
    site.routes["/huge"] = huge(5_000_000)
    site.routes["/empty"] = (200, {"Content-Type": "text/html"}, b"<html><body><nav>menu</nav></body></html>")
    site.routes["/bad-items"] = (200, {}, rss(site.base, [("natanz", "/hangs"), ("natanz", "/huge"),
                                                         ("natanz", "/empty"), ("natanz", "/loop")]))
    feeds = feeds_of(site, "/garbage", "/down", "/loop", "/gone", "/hangs", "/bad-items", "/rss")
    started = time.monotonic()
    results = {r.url.rsplit("/", 1)[1]: r for r in watcher(ingester, feeds, timeout=1, max_bytes=200_000).once()}
    assert time.monotonic() - started < 20
    assert results["rss"].ok and results["rss"].added == 2           # the good feed, after all the bad ones
    errors = {name: results[name].error for name in ("garbage", "down", "loop", "gone", "hangs")}
    assert "not an RSS or Atom feed" in errors["garbage"]
    assert "HTTP 500" in errors["down"] and "HTTP 404" in errors["gone"]
    assert "redirects" in errors["loop"] and "within 1 s" in errors["hangs"]
    assert all(site.base in e for e in errors.values())                # each names its URL
    bad = results["bad-items"]
    assert bad.ok and bad.failed == 4 and bad.added == 0
    reasons = " | ".join(bad.problems)
    assert "within 1 s" in reasons and "bytes allowed" in reasons and "no article text" in reasons
    status = {f["url"].rsplit("/", 1)[1]: f for f in store.feeds.all()}
    assert status["down"]["failures"] == 1 and "HTTP 500" in status["down"]["last_error"]
    assert status["rss"]["items_added"] == 2 and status["rss"]["last_success"]
    assert status["bad-items"]["items_failed"] == 4
    # A failing feed waits longer before its next poll (backoff), a good one its interval.
    assert status["down"]["next_poll"] - time.time() > 600 * 1.5


def test_tls_errors_and_politeness(site):
    fetcher = Fetcher(timeout=3, host_interval=0.5)
    with pytest.raises(FeedError, match="TLS error") as err:
        fetcher.get(site.base.replace("http://", "https://") + "/rss")     # the site speaks plain HTTP
    assert "127.0.0.1" in str(err.value)
    with pytest.raises(FeedError, match="not an http or https URL"):
        fetcher.get("file:///etc/passwd")
    started = time.monotonic()
    fetcher.get(site.base + "/news/misrata")
    fetcher.get(site.base + "/news/sirte")
    assert time.monotonic() - started >= 0.45                           # one request per host each 0.5 s


def test_a_public_feed_cannot_lead_into_the_local_network(ingester, store, site, monkeypatch):
    """The feed is on "localhost", taken here for a public host; its items lead to 127.0.0.1 directly
    or by a redirect from a public page: none is fetched."""
    from geo.ingest import fetching

    monkeypatch.setattr(fetching, "is_public", lambda host: host == "localhost")
    local = site.base.replace("127.0.0.1", "localhost")
    site.routes["/hop"] = redirect_to(f"{site.base}/news/natanz")
    site.routes["/public"] = (200, {}, rss(site.base, [("misrata", "/news/misrata")]))
    site.routes["/public2"] = (200, {}, rss(local, [("natanz", "/hop")]))
    w = watcher(ingester, [Feed(local + "/public", "p1"), Feed(local + "/public2", "p2")])
    results = w.once()
    assert [r.failed for r in results] == [1, 1] and store.count("articles") == 0
    assert all("private or local address" in r.problems[0] for r in results)
    assert "/news/misrata" not in site.hits and "/news/natanz" not in site.hits


def test_the_feeds_own_text_when_the_page_fails(ingester, store, site):
    title, body = ARTICLES["natanz"]
    site.routes["/slow"] = hang(5)
    site.routes["/full"] = (200, {}, (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0' xmlns:content="
        "'http://purl.org/rss/1.0/modules/content/'><channel><title>t</title><link>x</link><description>d"
        f"</description><item><title>{title}</title><link>{site.base}/slow</link>"
        f"<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded></item></channel></rss>").encode())
    [result] = watcher(ingester, feeds_of(site, "/full"), timeout=1).once()
    assert result.added == 1 and result.failed == 0
    stored = store.article_by_key(f"url:{site.base}/slow")
    assert stored["text"] == f"{title}\n\n{body}"


def test_a_failed_page_is_tried_again_then_given_up(ingester, store, site):
    site.routes["/one"] = (200, {}, rss(site.base, [("natanz", "/later")]))
    w = watcher(ingester, feeds_of(site, "/one"))
    for attempt in range(4):
        w.once()
    assert site.hits["/later"] == 3                                    # MAX_ATTEMPTS, then left alone
    assert store.feeds.item(f"{site.base}/later")["status"] == "failed"


def test_feeds_file_errors_name_file_and_feed(tmp_path):
    good = tmp_path / "feeds.toml"
    good.write_text('[[feed]]\nurl = "https://example.org/rss"\nname = "Example"\ninterval = 300\ntrust = "high"\n',
                    encoding="utf-8")
    assert read_feeds(str(good)) == [Feed("https://example.org/rss", "Example", "ar", 300.0, "high")]
    for body, message in [
        ('[[feed]]\nurl = "ftp://x/rss"\nname = "X"\n', "feed 1: url must be an http or https URL"),
        ('[[feed]]\nurl = "https://x/rss"\n', "feed 1: name (the outlet) is required"),
        ('[[feed]]\nurl = "https://x/rss"\nname = "X"\ninterval = 5\n', "feed 1: interval must be"),
        ('[[feed]]\nurl = "https://x/rss"\nname = "X"\n[[feed]]\nurl = "https://x/rss"\nname = "Y"\n',
         "feed 2: https://x/rss is listed twice"),
        ('[[feed]]\nurl = "https://x/rss"\nname = "X"\ntrust = "total"\n', "feed 1: trust must be one of"),
        ('[[feed]]\nurl = "https://x/rss"\nname = "X"\npassword = "p"\n', "feed 1: unknown key password"),
        ("[[feed]\n", "not a valid TOML file"),
    ]:
        bad = tmp_path / "bad.toml"
        bad.write_text(body, encoding="utf-8")
        with pytest.raises(ConfigurationError, match=re.escape(message)) as err:
            read_feeds(str(bad))
        assert str(bad) in str(err.value)


# -- the command: once, twice, killed, stopped --------------------------------------------------
def _env(data_dir, db):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARSAD_")}
    env.update(MARSAD_DATA_DIR=str(data_dir), MARSAD_DB=str(db), MARSAD_FEED_HOST_INTERVAL="0",
               MARSAD_FEED_TIMEOUT="5", PYTHONPATH=str(ROOT))
    return env


def _feeds_file(tmp_path, site, *paths) -> str:
    path = tmp_path / "feeds.toml"
    path.write_text("".join(f'[[feed]]\nurl = "{site.base}{p}"\nname = "outlet {p}"\ninterval = 60\n'
                            for p in paths), encoding="utf-8")
    return str(path)


def test_watch_once_twice_adds_nothing_the_second_time(site, tmp_path, gazetteer, data_dir):
    from geo.store import Store

    feeds, db = _feeds_file(tmp_path, site, "/rss", "/atom"), tmp_path / "live.sqlite"
    run = [sys.executable, "-m", "geo", "watch", "--once", "--feeds", feeds, "--jobs", "1"]
    first = subprocess.run(run, env=_env(data_dir, db), capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    line = json.loads(first.stdout.strip().splitlines()[-1])
    assert [f["added"] for f in line["feeds"]] == [2, 1]
    with Store(str(db)) as store:
        counts = (store.count("articles"), store.count("events"), store.generation())
    second = subprocess.run(run, env=_env(data_dir, db), capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert [f["added"] for f in json.loads(second.stdout.strip().splitlines()[-1])["feeds"]] == [0, 0]
    with Store(str(db)) as store:
        assert (store.count("articles"), store.count("events"), store.generation()) == counts
    status = subprocess.run([sys.executable, "-m", "geo", "feeds", "status"], env=_env(data_dir, db),
                            capture_output=True, text=True, timeout=60)
    assert "outlet /rss" in status.stdout and "items seen 2, added 2, copies of stored articles 0, failed 0" \
        in status.stdout
    assert "items seen 2, added 1, copies of stored articles 1, failed 0" in status.stdout          # the wire copy


def test_watch_once_takes_a_drop_folder(tmp_path, gazetteer, data_dir):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "sirte.txt").write_text("\n\n".join(ARTICLES["sirte"]), encoding="utf-8")
    env = dict(_env(data_dir, tmp_path / "d.sqlite"), MARSAD_DROP_INTERVAL="0")
    done = subprocess.run([sys.executable, "-m", "geo", "watch", "--once", "--folder", str(drop), "--jobs", "1"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    [folder] = json.loads(done.stdout.strip().splitlines()[-1])["folders"]
    assert folder["ingested"] == ["sirte.txt"] and folder["added"] == 1
    assert (drop / "processed" / "sirte.txt").exists()


def test_nothing_to_watch_is_an_error(tmp_path, data_dir):
    done = subprocess.run([sys.executable, "-m", "geo", "watch", "--once"], env=_env(data_dir, tmp_path / "x.sqlite"),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "nothing to watch" in done.stderr


def _wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_killed_watcher_restarts_cleanly(site, tmp_path, gazetteer, data_dir):
    from geo.store import Store

    many = [(slug, f"/news/{slug}") for slug in ARTICLES]
    site.routes["/all"] = (200, {}, rss(site.base, many))
    site.delay = 1.0                                   # each page takes a second: the kill lands mid-feed
    feeds, db = _feeds_file(tmp_path, site, "/all"), tmp_path / "live.sqlite"
    Store(str(db)).close()
    proc = subprocess.Popen([sys.executable, "-m", "geo", "watch", "--feeds", feeds, "--jobs", "1"],
                            env=_env(data_dir, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stored():
        with Store(str(db)) as s:
            return s.count("articles")
    try:
        assert _wait_for(lambda: stored() >= 1 or proc.poll() is not None, 90), "nothing stored"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    site.delay = 0.0
    again = subprocess.run([sys.executable, "-m", "geo", "watch", "--once", "--feeds", feeds, "--jobs", "1"],
                           env=_env(data_dir, db), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    with Store(str(db)) as s:
        assert s.count("articles") == len(ARTICLES)           # nothing lost, nothing twice
        keys = [r[0] for r in s.db.execute("SELECT key FROM articles")]
        assert len(keys) == len(set(keys))
        assert {s.feeds.item(f"{site.base}/news/{slug}")["status"] for slug in ARTICLES} == {"added"}


def test_sigterm_stops_the_service_cleanly(site, tmp_path, gazetteer, data_dir):
    feeds, db = _feeds_file(tmp_path, site, "/rss"), tmp_path / "live.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "geo", "watch", "--feeds", feeds, "--jobs", "1"],
                            env=_env(data_dir, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()                  # the first pass is done
        assert json.loads(first)["feeds"][0]["added"] == 2
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


# -- drop folders ---------------------------------------------------------------------------
def test_drop_folder_ingests_marks_and_rejects(ingester, store, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "misrata.txt").write_text("\n\n".join(ARTICLES["misrata"]), encoding="utf-8")
    (drop / "batch.jsonl").write_text(json.dumps({"id": "1", "text": ARTICLES["tripoli"][1], "source": "x"},
                                                 ensure_ascii=False) + "\n{broken\n", encoding="utf-8")
    (drop / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (drop / "arriving.txt.part").write_text("half", encoding="utf-8")
    report = take_folder(ingester, str(drop), settle=0)
    assert sorted(report.ingested) == ["batch.jsonl", "misrata.txt"] and report.rejected == ["binary.txt"]
    assert store.count("articles") == 2
    assert sorted(p.name for p in (drop / "processed").iterdir()) == ["batch.jsonl", "batch.jsonl.errors.txt",
                                                                       "misrata.txt"]
    assert "batch.jsonl:2" in (drop / "processed" / "batch.jsonl.errors.txt").read_text(encoding="utf-8")
    assert (drop / "rejected" / "binary.txt").exists()
    assert (drop / "rejected" / "binary.txt.reason.txt").read_text(encoding="utf-8").strip()
    assert (drop / "arriving.txt.part").exists()                       # not finished arriving: left alone
    # The same file dropped again adds nothing; a changed one is read, and nothing is overwritten.
    (drop / "misrata.txt").write_text("\n\n".join(ARTICLES["misrata"]), encoding="utf-8")
    again = take_folder(ingester, str(drop), settle=0)
    assert again.added == 0 and store.count("articles") == 2
    assert len(list((drop / "processed").glob("misrata*.txt"))) == 2
    (drop / "misrata.txt").write_text("\n\n".join(ARTICLES["natanz"]), encoding="utf-8")
    assert take_folder(ingester, str(drop), settle=0).added == 1


def test_drop_folder_waits_for_files_still_arriving_and_keeps_read_only_media(ingester, store, tmp_path):
    drop = tmp_path / "usb"
    drop.mkdir()
    (drop / "a.txt").write_text("\n\n".join(ARTICLES["sirte"]), encoding="utf-8")
    assert take_folder(ingester, str(drop), settle=60).skipped == 1 and store.count("articles") == 0
    report = take_folder(ingester, str(drop), keep=True, settle=0)
    assert report.ingested == ["a.txt"] and (drop / "a.txt").exists() and not (drop / "processed").exists()
    assert take_folder(ingester, str(drop), keep=True, settle=0).ingested == []     # remembered

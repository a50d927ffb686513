"""The watcher: news feeds polled, new items fetched, their articles ingested.

:class:`Watcher` polls each feed of the feeds file when it is due (its
interval; after errors, a doubling backoff up to ``feed_max_backoff``), with
the validators of the last answer, so an unchanged feed costs a 304. Each new
item's page is fetched (:mod:`~geo.ingest.fetching`), its main text, title
and date extracted with trafilatura (the feed's own date first), and the
article ingested like any other, with the worker processes of ``jobs``.

An item is identified by its link (else its id) and its text by a hash: an
item seen before is not fetched again; a text already stored from another
link (the same wire story from another outlet) is not parsed again but kept
as one more source of the same article (``article_copies``), which the
incidents count. An item is marked done in the transaction that stores its
article, so a watcher killed at any moment loses nothing committed and
stores nothing twice. An item of a feed on a public address may not lead
to a private, loopback or link-local one (directly or by a redirect): a
feed's content cannot make the watcher read the site's own network. A feed
or page that fails is logged with the feed and the URL, counted in the feed's status, and never stops the other feeds; a
page that fails is tried again at the next polls (at most three times).
"""
from __future__ import annotations

import calendar
import logging
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from geo import settings
from geo.exc import FeedError, StoreUnavailable
from geo.ingest.feedlist import Feed
from geo.ingest import fetching
from geo.ingest.ingesting import IngestReport, article_id
from geo.ingest.reading import Article, compose_text

log = logging.getLogger(__name__)
#: A page that failed this many times is not fetched again.
MAX_ATTEMPTS = 3
#: Shorter extracted text is "no article in the page".
MIN_TEXT_CHARS = 80


@dataclass
class FeedResult:
    """One poll of one feed."""

    feed: str
    url: str
    ok: bool = True
    not_modified: bool = False
    error: str | None = None
    seen: int = 0
    added: int = 0
    copies: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class Watcher:
    """Polls feeds into a store (see the module notes).

    Parameters
    ----------
    ingester : geo.ingest.Ingester
        Parses and stores the articles (its store keeps the feeds' state).
    feeds : list of Feed
    fetcher : geo.ingest.fetching.Fetcher, optional
    jobs : int
        Worker processes for parsing (as ``ingest --jobs``).
    max_backoff : float, optional
        Longest wait after errors (default: the ``feed_max_backoff`` setting).
    """

    def __init__(self, ingester, feeds: list[Feed], fetcher=None, jobs: int = 1, max_backoff: float | None = None):
        from geo.ingest.fetching import Fetcher

        self.ingester = ingester
        self.feeds = feeds
        self.fetcher = fetcher or Fetcher()
        self.jobs = jobs
        self.max_backoff = float(settings.get("feed_max_backoff") if max_backoff is None else max_backoff)
        #: Set to stop: the item in hand is finished and stored, then the watcher returns.
        self.stop = threading.Event()

    @property
    def store(self):
        return self.ingester.store

    def due(self, now: float | None = None) -> list[Feed]:
        """The feeds whose next poll time has come."""
        now = time.time() if now is None else now
        out = []
        for feed in self.feeds:
            state = self.store.feeds.feed(feed.url)
            if state is None or state["next_poll"] is None or state["next_poll"] <= now:
                out.append(feed)
        return out

    def poll(self, feed: Feed) -> FeedResult:
        """Poll one feed now: fetch it, take its new items, record the outcome. Never raises for the
        feed's own faults (the result says what went wrong); a store that went away does raise."""
        result = FeedResult(feed.name, feed.url)
        state = self.store.feeds.feed(feed.url) or {}
        etag, modified = state.get("etag"), state.get("modified")
        try:
            response = self.fetcher.get(feed.url, etag, modified)
            if response.not_modified:
                result.not_modified = True
            else:
                etag, modified = response.etag, response.modified
                self._take(feed, _parse_feed(feed, response.body), result)
        except FeedError as err:
            result.ok, result.error = False, str(err)
            log.warning("feed %s: %s", feed.name, err)          # the error names the URL
        failures = 0 if result.ok else int(state.get("failures") or 0) + 1
        wait = feed.interval if result.ok else min(feed.interval * 2 ** failures, self.max_backoff)
        self.store.feeds.polled(feed.url, feed.name, ok=result.ok, error=result.error, trust=feed.trust,
                                etag=etag, modified=modified, next_poll=time.time() + wait,
                                seen=result.seen, added=result.added, copies=result.copies, failed=result.failed)
        return result

    def _take(self, feed: Feed, entries: list, result: FeedResult) -> None:
        pending, origins = [], {}
        # A feed on the public internet may not send the watcher into the site's own network.
        public_only = fetching.is_public(urlsplit(feed.url).hostname or "")
        for entry in entries:
            if self.stop.is_set():
                break
            key = _item_key(entry)
            if key is None:
                continue
            if not self.store.feeds.wanted(key, MAX_ATTEMPTS):
                continue
            result.seen += 1
            try:
                art = self._article(feed, entry, key, public_only)
            except FeedError as err:
                self._failed(feed, key, str(err), result)
                continue
            aid = article_id(art.text)
            stored = self.store.article(aid)
            if stored is not None:
                if stored["url"] != art.url:             # the same text from another page or outlet
                    self.store.feeds.add_copy(aid, art.url, feed.name, key, feed.url)
                    result.copies += 1
                else:
                    self.store.feeds.mark_item(key, feed.url, "unchanged", aid)
                continue
            pending.append(art)
            origins[art.origin] = key
        if pending:
            report = self.ingester.take(pending, jobs=self.jobs if len(pending) > 1 else 1,
                                        report=IngestReport())
            result.added += report.added + report.replaced
            for err in report.rejected:
                key = origins.get(err.source or "")
                if key:
                    self._failed(feed, key, str(err), result)

    def _failed(self, feed: Feed, key: str, reason: str, result: FeedResult) -> None:
        log.warning("feed %s (%s): item %s: %s", feed.name, feed.url, key, reason)
        self.store.feeds.mark_item(key, feed.url, "failed", reason=reason)
        result.failed += 1
        result.problems.append(reason)

    def _article(self, feed: Feed, entry, key: str, public_only: bool) -> Article:
        """The item's article: its page's main text, else the feed's own text of it."""
        link = entry.get("link")
        title, body, date, failure = None, "", None, None
        if link:
            try:
                page = self.fetcher.get(link, public_only=public_only)
                title, body, date = extract(page.body, page.url)
            except FeedError as err:
                failure = err
        if len(body) < MIN_TEXT_CHARS:                  # no page, or no article in it: the feed's text
            fallback = _entry_text(entry)
            if len(fallback) < MIN_TEXT_CHARS:
                raise failure or FeedError(f"{link or key}: no article text in the page or the feed item")
            body = fallback
        limit = settings.get("max_article_chars")
        if len(body) > limit:
            raise FeedError(f"{link or key}: {len(body):,} characters, more than max_article_chars ({limit:,})")
        title = title or _plain(entry.get("title"))
        published = _entry_date(entry) or date
        meta = {"feed_item": {"key": key, "feed_url": feed.url}, "language": feed.language}
        return Article(text=compose_text(title, body.strip()), title=title, record_id=None, source=feed.name,
                       url=link or None, published=published, origin=f"{feed.name} {link or key}", meta=meta)

    def once(self, only_due: bool = False) -> list[FeedResult]:
        """Poll every feed (or only those due) once; the results, one per feed."""
        results = []
        for feed in (self.due() if only_due else self.feeds):
            if self.stop.is_set():
                break
            results.append(self._poll_retrying(feed))
        return results

    def _poll_retrying(self, feed: Feed) -> FeedResult:
        """:meth:`poll`, waiting for a store that went away (a minute's outage costs nothing)."""
        result = _retrying(self, lambda: self.poll(feed))
        return result or FeedResult(feed.name, feed.url, ok=False, error="stopped while the store was unavailable")


def extract(page: bytes, url: str) -> tuple[str | None, str, str | None]:
    """``(title, main text, date)`` of a news page, with trafilatura (no network: the page is given)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False)
    except Exception as err:  # noqa: BLE001 - a page trafilatura cannot read is this item's failure
        raise FeedError(f"{url}: cannot read the page ({type(err).__name__})") from err
    if not doc:
        return None, "", None
    doc = doc.as_dict() if hasattr(doc, "as_dict") else doc
    return doc.get("title") or None, doc.get("text") or "", doc.get("date") or None


def _parse_feed(feed: Feed, body: bytes) -> list:
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception")
        raise FeedError(f"{feed.url}: not an RSS or Atom feed ({reason or 'no entries'})")
    return parsed.entries


def _item_key(entry) -> str | None:
    link = entry.get("link")
    if link:
        return urldefrag(link.strip())[0]
    guid = entry.get("id")
    return f"id:{guid}" if guid else None


def _entry_date(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return time.strftime("%Y-%m-%d", time.gmtime(calendar.timegm(parsed)))


def _entry_text(entry) -> str:
    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    return _plain(max(parts, key=len) if parts else "")


def _plain(markup: str | None) -> str:
    from geo.ingest.reading import html_to_text

    if not markup:
        return ""
    return html_to_text(markup)[1].strip()


def watch(watcher: Watcher, folders=(), *, once: bool = False, keep: bool = False, settle: float | None = None,
          on_pass=None) -> None:
    """Poll the feeds when due and look at the drop folders, until ``watcher.stop`` is set (SIGTERM
    and SIGINT set it: the item in hand is stored first). ``once``: one pass over everything.
    ``on_pass`` is called with ``(feed results, drop reports)`` after each pass."""
    import signal

    from geo.ingest.dropping import take_folder

    settle = float(settings.get("drop_interval") if settle is None else settle)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: watcher.stop.set())
    while not watcher.stop.is_set():
        results = watcher.once(only_due=not once)
        drops = []
        for folder in folders:
            if watcher.stop.is_set():
                break
            drops.append(_retrying(watcher, lambda f=folder: take_folder(
                watcher.ingester, f, jobs=watcher.jobs, keep=keep, settle=settle)))
        if on_pass:
            on_pass(results, [d for d in drops if d is not None])
        if once:
            return
        try:
            wait = _next_wait(watcher, settle if folders else None)
        except StoreUnavailable:
            wait = 5.0
        watcher.stop.wait(wait)


def _retrying(watcher: Watcher, call):
    """``call()``, waiting while the store is unavailable; None if stopped meanwhile."""
    delay = 2.0
    while not watcher.stop.is_set():
        try:
            return call()
        except StoreUnavailable as err:
            log.warning("store unavailable (%s); trying again in %.0f s", err, delay)
            if watcher.stop.wait(delay):
                return None
            delay = min(delay * 2, 60.0)
            try:
                watcher.ingester.reconnect()
            except StoreUnavailable:
                pass
    return None


def _next_wait(watcher: Watcher, folder_interval: float | None) -> float:
    """Seconds until a feed is due (or the drop folders are looked at again), at least 1."""
    now = time.time()
    times = [s["next_poll"] for s in (watcher.store.feeds.feed(f.url) for f in watcher.feeds)
             if s and s["next_poll"] is not None]
    waits = [t - now for t in times] + ([folder_interval] if folder_interval else []) + [300.0]
    return max(1.0, min(waits))

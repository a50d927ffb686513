"""Ingesting: files -> articles -> mentions and events -> the store.

:func:`ingest` reads files and folders (:func:`geo.ingest.reading.read_articles`),
geoparses each article, extracts its events and writes the article, its
mentions and its events in one transaction. The same text again adds nothing
(its id is a hash of the normalised text). An article replaces a stored one
only when both have the same :func:`article_key` (the same url, or the same
source and record id) and the text changed; each replacement is reported.
A file name never identifies an article. A bad file or record is reported
with its file and line and the rest is still ingested.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from geo.events import Event, EventExtractor, Period, parse_published
from geo.exc import GeoError, InputError, InputWarning, StoreUnavailable
from geo.text import normalize, tokenize
from geo.ingest.reading import Article, read_articles
from geo.store import Store

log = logging.getLogger(__name__)
_SPACE = re.compile(r"\s+")
#: The sample articles (with their date manifest) loaded into an empty store.
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def article_id(text: str) -> str:
    """The identity of an article's text: a hash of its normalised text (spacing ignored)."""
    norm = _SPACE.sub(" ", normalize(text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:20]


def article_key(art: Article, aid: str) -> str:
    """What makes a new text "the same article, changed": its url, else its source and id, else its text.

    ``url:...`` for an article with a url; ``id:["source", "id"]`` for a
    record with an id (the id scoped by the outlet, which may be empty);
    otherwise ``text:<article id>``, so that an article with neither is
    only ever the same as an identical text. Never a file name: two files
    called ``feed.jsonl`` from two days keep all their articles.
    """
    if art.url:
        return f"url:{art.url}"
    if art.record_id:
        return "id:" + json.dumps([art.source or "", art.record_id], ensure_ascii=False)
    return f"text:{aid}"


@dataclass
class IngestReport:
    """What an ingest did: counts, and the problems with file and line."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    events: int = 0
    mentions: int = 0
    rejected: list[InputError] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)
    event_types: Counter = field(default_factory=Counter)
    parties: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.rejected

    def as_dict(self) -> dict:
        return {"added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "events": self.events, "mentions": self.mentions,
                "rejected": [str(e) for e in self.rejected], "warnings": [str(w) for w in self.warnings],
                "event_types": dict(self.event_types.most_common()),
                "parties": dict(self.parties.most_common())}


class Ingester:
    """Geoparse articles and write them with their events to a store.

    Parameters
    ----------
    store : geo.store.sqlite.Store, optional
        Default: the store named by the settings.
    parser : geo.parse.geoparser.Geoparser, optional
    extractor : geo.events.extracting.EventExtractor, optional
    """

    def __init__(self, store: Store | None = None, parser=None, extractor: EventExtractor | None = None):
        if parser is None:
            from geo.parse import Geoparser
            parser = Geoparser()
        self.store = store or Store()
        self.parser = parser
        self.extractor = extractor or EventExtractor()
        self._local_version = None
        #: Re-process articles the store has already (a new gazetteer or model); analysts' edits are re-applied.
        self.force = False

    def reconnect(self) -> None:
        """Open the store again after its server went away (raises StoreUnavailable while it is away)."""
        self.store.reconnect()

    def local_names(self) -> list:
        """The analysts' aliases and stops in the store (:class:`geo.parse.LocalName`)."""
        from geo.parse import LocalName

        return [LocalName(r["kind"], r["name"], r["place_id"], r["country_code"], r["user"], r["at"])
                for r in self.store.local_names.all()]

    def refresh_local_names(self) -> None:
        """Give the parser the store's aliases and stops if they changed since it last had them."""
        version = self.store.local_names.version()
        if version != self._local_version and hasattr(self.parser, "set_local_names"):
            self.parser.set_local_names(self.local_names())
            self._local_version = version

    def ingest(self, paths, *, published=None, source=None, encoding=None, progress=None,
               jobs: int = 1, dask: str | None = None) -> IngestReport:
        """Ingest files and folders (see :func:`geo.ingest.reading.read_articles`).

        Parameters
        ----------
        paths : list of str
        published : str, optional
            Publication date for every article read (overrides files and manifests).
        source : str, optional
            Outlet name for every article read.
        progress : callable, optional
            Called with each Article, InputError or InputWarning as it is handled.
        jobs : int, optional
            Worker processes for parsing and events (default 1; see :meth:`take`).
        dask : str, optional
            Address of a Dask scheduler (``tcp://HOST:8786``): its workers parse
            instead (:mod:`geo.ingest.distributed`).
        """
        items = read_articles(paths, published=published, source=source, encoding=encoding)
        if dask:
            from geo.ingest.distributed import take_dask

            return take_dask(self, items, published is not None, progress, IngestReport(), dask)
        return self.take(items, explicit_date=published is not None, progress=progress, jobs=jobs)

    def take(self, items, *, explicit_date=False, progress=None, report: IngestReport | None = None,
             jobs: int = 1) -> IngestReport:
        """Ingest what a reader yields (Article, InputError or InputWarning objects).

        ``explicit_date``: the dates were given by the user, so a stored article
        with another date is re-dated. ``report``: add to this report (several
        calls, one summary) instead of a new one. ``progress`` as for :meth:`ingest`.
        ``jobs``: worker processes that parse and find events (this process reads
        and writes the store, in input order); the store ends the same. The
        workers build their parser and extractor from the settings, not from
        this Ingester's.
        """
        report = IngestReport() if report is None else report
        if jobs > 1:
            from geo.ingest import parallel

            items = iter(items)
            head = list(itertools.islice(items, parallel.MIN_ITEMS))
            if len(head) == parallel.MIN_ITEMS:     # worth starting workers (each loads the gazetteer)
                return parallel.take_parallel(self, itertools.chain(head, items), explicit_date, progress,
                                              report, jobs)
            items = head
        for item in items:
            if isinstance(item, InputWarning):
                report.warnings.append(item)
            elif isinstance(item, InputError):
                report.rejected.append(item)
            else:
                self._add_guarded(item, report, explicit_date)
            if progress:
                progress(item)
        return report

    def _add_guarded(self, art: Article, report: IngestReport, explicit_date: bool) -> None:
        """:meth:`add`, with anything unexpected rejecting this article only (logged with its traceback)."""
        try:
            self.add(art, report, explicit_date=explicit_date)
        except (GeoError, MemoryError):     # the store failing, or the machine: stop
            raise
        except Exception as err:  # noqa: BLE001 - one article must never stop the ingest
            log.exception("%s: not ingested", art.origin)
            report.rejected.append(InputError(f"not ingested: internal error ({type(err).__name__})", art.origin))

    def add(self, art: Article, report: IngestReport, explicit_date: bool = False) -> str | None:
        """Ingest one article; returns its id (None if rejected)."""
        job = self.prepare(art, report, explicit_date)
        if job is None:
            return article_id(art.text)
        self.refresh_local_names()
        try:
            analysis = analyse(self.parser, self.extractor, art, job.aid, job.period)
        except GeoError as err:
            report.rejected.append(InputError(f"not ingested: {err}", art.origin))
            return None
        return self.commit(art, job, analysis, report)

    def prepare(self, art: Article, report: IngestReport, explicit_date: bool = False) -> "_Job | None":
        """The article's id and dates, or None when the store has it already (counted unchanged)."""
        try:
            period = parse_published(art.published, bool(art.meta.get("published_approximate")))
        except ValueError as err:
            report.warnings.append(InputWarning(f"{err}; the article is kept undated", art.origin))
            period = None
        aid = article_id(art.text)
        stored = self.store.article(aid)
        redate = stored is not None and (self.force or (explicit_date and _differs(stored, period)))
        if stored and not redate:
            report.unchanged += 1
            if item := art.meta.get("feed_item"):      # a feed item whose text is stored: done with it
                self.store.feeds.mark_item(item["key"], item["feed_url"], "unchanged", aid)
            return None
        return _Job(aid, period, redate)

    def commit(self, art: Article, job: "_Job", analysis: "Analysis", report: IngestReport) -> str | None:
        """Store an analysed article in one transaction and count it; returns its id (None if rejected)."""
        try:
            status, old = self.store.put(*analysis.rows, redate=job.redate, feed_item=art.meta.get("feed_item"))
        except StoreUnavailable:            # not this article's fault: the caller retries later
            raise
        except GeoError as err:
            report.rejected.append(InputError(f"not ingested: {err}", art.origin))
            return None
        if status == "unchanged":           # another process stored the same text meanwhile
            report.unchanged += 1
            return job.aid
        if old is not None and old["article_id"] != job.aid:
            report.warnings.append(InputWarning(
                f"replaces the article stored from {old['origin'] or 'an earlier ingest'} "
                f"(same {'url' if art.url else 'source and id'}, changed text)", art.origin))
        if status == "replaced":
            report.replaced += 1
        else:
            report.added += 1
        report.events += analysis.events
        report.mentions += analysis.mentions
        report.event_types.update(analysis.event_types)
        report.parties.update(analysis.parties)
        return job.aid


@dataclass(frozen=True)
class _Job:
    aid: str
    period: Period | None
    redate: bool


@dataclass
class Analysis:
    """What parsing and event extraction made of one article: the store rows and their counts."""

    rows: tuple
    events: int
    mentions: int
    event_types: list
    parties: list


def analyse(parser, extractor, art: Article, aid: str, period: Period | None) -> Analysis:
    """Parse one article, find its events and build its store rows (no store access)."""
    tokens = tokenize(art.text)
    mentions = parser.parse(art.text, tokens)
    events = extractor.extract(art.text, mentions, period, tokens)
    rows = _article_row(aid, article_key(art, aid), art, period), \
        _mention_rows(aid, mentions, events), _event_rows(aid, art.text, events, period)
    return Analysis(rows, len(events), len(mentions), [e.event_type for e in events],
                    [p.id for e in events for p in e.parties])


def ingest(paths, *, store: Store | None = None, published=None, source=None, encoding=None,
           progress=None) -> IngestReport:
    """Ingest files and folders into the store (see :class:`Ingester`).

    Examples
    --------
    >>> report = ingest(["seeds/"])                       # doctest: +SKIP
    >>> report.added, report.events                       # doctest: +SKIP
    (2, 6)
    """
    return Ingester(store).ingest(paths, published=published, source=source, encoding=encoding,
                                  progress=progress)


def seed_if_empty(store: Store, ingester: Ingester | None = None) -> IngestReport | None:
    """Ingest the sample articles in ``seeds/`` if the store has no article yet.

    Returns the report, or None when the store already had articles.
    """
    if store.count("articles"):
        return None
    return (ingester or Ingester(store)).ingest([str(SEEDS)])


def _differs(stored: dict, period: Period | None) -> bool:
    start = period.start.isoformat() if period else None
    precision = period.precision if period else "unknown"
    return stored["published_start"] != start or stored["published_precision"] != precision


def _article_row(aid: str, key: str, art: Article, period: Period | None) -> dict:
    return {"article_id": aid, "key": key, "record_id": art.record_id, "title": art.title, "text": art.text,
            "source": art.source, "url": art.url, "origin": art.origin,
            "published_start": period.start.isoformat() if period else None,
            "published_end": period.end.isoformat() if period else None,
            "published_precision": period.precision if period else "unknown",
            "published_approximate": int(bool(period and period.approximate)),
            "published_basis": art.meta.get("published_basis")}


def _mention_rows(aid: str, mentions, events: list[Event]) -> list[dict]:
    # A mention is part of an event when its sentence has an event at its place.
    used = {(e.sentence, e.place.place_id) for e in events}
    rows = []
    for seq, m in enumerate(mentions):
        d = m.to_dict()
        d["runner_up"] = json.dumps(d["runner_up"], ensure_ascii=False) if d["runner_up"] else None
        d.pop("seat")                # the event row carries the point it is drawn at, and why
        rows.append({"article_id": aid, "seq": seq, **d, "in_event": int((m.sentence, m.place_id) in used)})
    return rows


def _event_rows(aid: str, text: str, events: list[Event], published: Period | None) -> list[dict]:
    rows = []
    for n, e in enumerate(events):
        s0, s1 = e.sentence
        period = e.date.period
        place, trig = e.place, e.trigger
        lat, lon = e.point
        event_id = f"{aid}-{n:03d}"
        roles = {id(e.actor1): "actor1", id(e.actor2): "actor2"}
        rows.append({
            "event_id": event_id, "article_id": aid,
            "event_type": e.event_type, "sub_event_type": e.sub_event_type,
            "date_start": period.start.isoformat() if period else None,
            "date_end": period.end.isoformat() if period else None,
            "date_precision": period.precision if period else "unknown",
            "date_approximate": int(bool(period and period.approximate)),
            "date_basis": e.date.basis, "date_text": e.date.text, "time_of_day": e.date.time_of_day,
            "place_id": place.place_id, "place_name": place.name, "place_name_ar": place.name_ar,
            "place_text": place.text, "country_code": place.country_code, "feature": place.feature,
            "lat": lat, "lon": lon, "geo_precision": place.geo_precision, "match": place.match,
            "actor1": e.actor1.id if e.actor1 else None, "actor2": e.actor2.id if e.actor2 else None,
            "snippet": text[s0:s1], "snippet_start": s0,
            "place_start": place.start - s0, "place_end": place.end - s0,
            "trigger_text": text[trig.start:trig.end],
            "trigger_start": trig.start - s0, "trigger_end": trig.end - s0,
            "confidence": e.confidence, "reason": "; ".join(e.reasons),
            "parties": [{"event_id": event_id, "party_id": p.id, "party_name": p.name,
                         "colour": p.colour, "role": roles.get(id(p), "named")} for p in e.parties],
        })
    return rows

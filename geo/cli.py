"""Command line: ``python -m geo parse | ingest | export | evaluate | bench | train-recogniser | gazetteer``,
and the review loop's ``users | screens | review | gazetteer aliases`` (:mod:`geo.cli_review`)."""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import sys
import time

from geo import cli_live, cli_review
from geo.exc import GeoError, InputError, InputWarning
from geo.ingest import read_jsonl, read_text


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"{value!r} is not a YYYY-MM-DD date") from err


def _documents(files, fmt, published, errors):
    """Documents of the inputs in order; bad ones are appended to ``errors``."""
    sources = files or ["-"]
    for path in sources:
        name = "<stdin>" if path == "-" else path
        try:
            handle = sys.stdin.buffer if path == "-" else open(path, "rb")
        except OSError as err:
            errors.append(InputError(f"cannot open ({err.strerror})", name))
            print(f"error: {errors[-1]}", file=sys.stderr)
            continue
        with handle if path != "-" else contextlib.nullcontext(handle) as fh:
            items = read_jsonl(name, fh, published) if fmt == "jsonl" else read_text(name, fh.read(), published)
            for item in items:
                if isinstance(item, InputError):
                    errors.append(item)
                    print(f"error: {item}", file=sys.stderr)
                else:
                    yield item


def cmd_parse(args) -> int:
    from geo.parse import parse_many

    errors = []
    out = sys.stdout
    pending = {}                      # number in the input -> (id, published): ids may repeat

    def texts():
        for n, doc in enumerate(_documents(args.files, args.format, args.published, errors)):
            pending[n] = (doc.id, doc.published)
            yield n, doc.text

    for n, mentions, failure in parse_many(texts(), jobs=args.jobs):
        doc_id, when = pending.pop(n)
        if failure:
            errors.append(InputError(f"document {doc_id!r} not parsed ({failure})"))
            print(f"error: {errors[-1]}", file=sys.stderr)
            continue
        record = {"id": doc_id, "mentions": mentions}
        if when:
            record["published"] = when
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 1 if errors else 0


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes") from err
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: at least 1 process")
    return jobs


CORES = os.cpu_count() or 1


def _published(value: str) -> str:
    from geo.events import parse_published

    try:
        parse_published(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from err
    return value


def cmd_ingest(args) -> int:
    from geo.ingest import Ingester
    from geo.store import Store

    def show(item):
        if isinstance(item, (InputError, InputWarning)):
            kind = "warning" if isinstance(item, InputWarning) else "error"
            print(f"{kind}: {item}", file=sys.stderr)

    started = time.perf_counter()
    with Store(args.db) as store:
        ingester = Ingester(store)
        ingester.force = args.force
        report = ingester.ingest(args.paths, published=args.published, source=args.source,
                                 encoding=args.encoding, progress=show, jobs=args.jobs, dask=args.dask)
    summary = {"store": store.path, **report.as_dict(), "rejected": len(report.rejected),
               "warnings": len(report.warnings), "seconds": round(time.perf_counter() - started, 2)}
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0 if report.ok else 1


def cmd_export(args) -> int:
    from geo.events import EVENT_TYPES, group_reports, load_parties
    from geo.store import EventFilter, Store, exporting

    known = load_parties().by_id
    for value, valid, what in [(v, EVENT_TYPES, "event type") for v in args.type or []] + \
                              [(v, known, "party") for v in args.party or []]:
        if value not in valid:
            print(f"error: unknown {what} {value!r}; one of: {', '.join(valid)}", file=sys.stderr)
            return 2
    flt = EventFilter(date_from=args.date_from, date_to=args.date_to, include_undated=not args.no_undated,
                      parties=args.party or [], types=args.type or [],
                      countries=[c.upper() for c in args.country or []],
                      min_confidence=args.min_confidence, search=args.search, statuses=args.status or [])
    with Store(args.db) as store:
        reports = store.events(flt)
    incidents = group_reports(reports)
    rows = exporting.with_incidents(reports, incidents) if args.reports else incidents
    if args.format == "gpkg":
        if not args.output:
            print("error: --format gpkg needs --output FILE.gpkg", file=sys.stderr)
            return 2
        exporting.write_gpkg(rows, args.output)
    else:
        write = exporting.write_geojson if args.format == "geojson" else exporting.write_csv
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as fh:
                write(rows, fh)
        else:
            write(rows, sys.stdout)
    print(f"{len(rows)} events", file=sys.stderr)
    return 0


def cmd_evaluate(args) -> int:
    from geo.evaluation import evaluating, event_scores
    from geo.parse import Geoparser

    parser = Geoparser()
    report = {}
    if args.conll:
        for path in args.conll:
            res = evaluating.evaluate_conll(parser, path, args.label)
            report[path] = {"format": "conll", "label": args.label, **res.counts.as_dict(),
                            "top_false_positives": _top(res.false_positives, args.show),
                            "top_false_negatives": _top(res.false_negatives, args.show)}
    if args.idrisi:
        for first in (False, True):
            res = evaluating.evaluate_idrisi(parser, args.idrisi, first_occurrence=first)
            name = "idrisi_first_occurrence" if first else "idrisi_all_occurrences"
            report[name] = {"format": "idrisi", "files": args.idrisi, "gold_mentions": res.gold,
                            "detection_exact": res.exact.as_dict(),
                            "detection_overlap": res.overlap.as_dict(),
                            "accuracy_161km": round(res.accuracy, 4),
                            "top_false_positives": _top(res.false_positives, args.show),
                            "top_missed": _top(res.missed, args.show)}
    if args.events:
        if not args.articles:
            print("error: --events GOLD.jsonl needs --articles ARTICLES.jsonl", file=sys.stderr)
            return 2
        res = event_scores.evaluate_events(args.events, args.articles, parser)
        report["events"] = {"gold": args.events, "articles": args.articles, **res.as_dict(),
                            "errors": event_scores.top_errors(res, args.show)}
    if not report:
        print("error: give --conll FILE, --idrisi FILE ... and/or --events GOLD --articles FILE",
              file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def _top(counts: dict, n: int) -> list:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def cmd_bench(args) -> int:
    from geo.evaluation import benchmarking

    result = benchmarking.run(args.file, limit=args.limit, repeat=args.repeat)
    print(json.dumps(result, indent=2))
    return 0


def cmd_train_recogniser(args) -> int:
    import tempfile
    from pathlib import Path

    import gazetteer
    from geo.evaluation import training

    gaz = gazetteer.load()
    gate = training.plain_parser(gaz).gate
    started = time.perf_counter()
    conll = [e for path in args.conll for e in training.conll_examples(path, gaz, gate)]
    tweets = training.idrisi_examples(args.idrisi or [], gaz, gate)
    cv = None
    if args.folds:
        def log(msg):
            print(msg, file=sys.stderr)
        cv = {"folds": args.folds}
        with tempfile.TemporaryDirectory() as tmp:
            for path in args.conll:
                cv[Path(path).name] = training.cross_validate(path, args.folds, gaz, tmp, tweets, log=log)
            if args.idrisi:
                cv["idrisi_tweet_folds"] = training.cross_validate_idrisi(args.idrisi, args.folds, gaz, tmp, conll,
                                                                          log=log)
                cv["idrisi_leave_one_event_out"] = training.cross_validate_idrisi(
                    args.idrisi, args.folds, gaz, tmp, conll, by_event=True, log=log)
        print(json.dumps({"cross_validation": cv}, ensure_ascii=False), file=sys.stderr)
    info = training.train(conll + tweets, args.out)
    info["command_seconds"] = round(time.perf_counter() - started, 1)
    command = "python -m geo train-recogniser " + " ".join(Path(p).name for p in args.conll)
    if args.idrisi:
        command += " --idrisi " + " ".join(Path(p).name for p in args.idrisi)
    if args.folds:
        command += f" --folds {args.folds}"
    record = training.provenance(list(args.conll) + list(args.idrisi or []), info, cv, command)
    Path(args.out).with_suffix(".json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                                                  encoding="utf-8")
    print(json.dumps(record, ensure_ascii=False, indent=2))
    return 0


def cmd_gazetteer(args) -> int:
    import gazetteer

    started = time.perf_counter()
    gaz = gazetteer.load(rebuild=args.rebuild)
    print(json.dumps({"path": str(gazetteer.cache_path()), "places": len(gaz), "names": len(gaz.keys),
                      "seconds": round(time.perf_counter() - started, 2)}))
    return 0


def _model_path():
    from geo.parse import MODEL_PATH

    return MODEL_PATH


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m geo", description="Arabic-first geoparser.")
    ap.add_argument("-v", "--verbose", action="store_true", help="log progress to standard error")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="find and resolve place names; JSONL to standard output")
    p.add_argument("files", nargs="*", help="input files (default: standard input)")
    p.add_argument("--format", choices=("text", "jsonl"), default="text",
                   help="text: each file is one document; jsonl: one {id, text, published} per line")
    p.add_argument("--published", type=_date, help="publication date (YYYY-MM-DD) of documents lacking one")
    p.add_argument("--jobs", type=_jobs, default=1,
                   help="worker processes for parsing (default 1); the output is the same, in the same order")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("ingest", help="read articles, find their events and store them")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files (.txt, seed format, .jsonl, .json, .csv, .html) or folders; - for standard input")
    p.add_argument("--published", type=_published,
                   help="publication date of every article read (YYYY-MM-DD, YYYY-MM or YYYY); "
                        "overrides the files' dates and the manifests")
    p.add_argument("--source", help="outlet name of every article read")
    p.add_argument("--encoding", help="force a text encoding (default: UTF-8, else Windows-1256)")
    p.add_argument("--db", help=cli_live.DB_HELP)
    p.add_argument("--force", action="store_true",
                   help="re-process articles already stored (after a new gazetteer or model); analysts' edits are kept")
    p.add_argument("--jobs", type=_jobs, default=CORES,
                   help=f"worker processes for parsing and events (default: the core count, {CORES}); this "
                        "process writes the store. Fewer than 64 articles are done in this process")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="parse on a Dask cluster (tcp://HOST:8786) instead of local workers; this process "
                        "writes the store (see docs/operations.md)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("export", help="write the stored incidents (or reports) as GeoJSON, CSV or GeoPackage")
    p.add_argument("--format", choices=("geojson", "csv", "gpkg"), default="geojson")
    p.add_argument("-o", "--output", help="output file (default: standard output; required for gpkg)")
    p.add_argument("--from", dest="date_from", type=_date, help="events on or after this date")
    p.add_argument("--to", dest="date_to", type=_date, help="events on or before this date")
    p.add_argument("--no-undated", action="store_true", help="leave out events with no date")
    p.add_argument("--party", action="append", metavar="ID", help="party id (repeatable), e.g. gna, lna")
    p.add_argument("--type", action="append", metavar="TYPE",
                   help="event type (repeatable): battles, explosions_remote_violence, "
                        "violence_against_civilians, protests, riots, strategic_developments")
    p.add_argument("--country", action="append", metavar="CC", help="ISO country code (repeatable)")
    p.add_argument("--min-confidence", type=float, default=0.0, help="lowest confidence kept (0-1)")
    p.add_argument("--search", help="only events whose snippet contains this text")
    p.add_argument("--status", action="append", choices=("machine", "reviewed", "rejected"),
                   help="review status (repeatable; default machine and reviewed: the rejected are left out)")
    p.add_argument("--reports", action="store_true",
                   help="one row per report (article sentence) instead of one per incident")
    p.add_argument("--db", help=cli_live.DB_HELP)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("evaluate", help="score against CoNLL (ANERcorp) and IDRISI-style files")
    p.add_argument("--conll", nargs="+", metavar="FILE", help="CoNLL/IOB files")
    p.add_argument("--label", default="LOC", help="entity type scored in CoNLL files (default LOC)")
    p.add_argument("--idrisi", nargs="+", metavar="FILE", help="IDRISI-style JSONL files")
    p.add_argument("--events", metavar="GOLD", help="gold events (JSONL, one article a line; ACLED-style)")
    p.add_argument("--articles", metavar="FILE", help="the gold articles (JSONL), ingested into a temporary store")
    p.add_argument("--show", type=int, default=15, help="how many top errors to list")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("bench", help="documents per second and peak memory on a JSONL file")
    p.add_argument("file")
    p.add_argument("--limit", type=int, help="only the first N documents")
    p.add_argument("--repeat", type=int, default=3, help="timed passes; the median is reported")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("train-recogniser", help="train the place recogniser on CoNLL files (ANERcorp)")
    p.add_argument("conll", nargs="+", metavar="FILE", help="CoNLL/IOB files tagged LOC/PERS/ORG/MISC")
    p.add_argument("--idrisi", nargs="+", metavar="FILE", help="IDRISI-style JSONL tweets with marked places")
    p.add_argument("--out", default=str(_model_path()),
                   help="model file to write; its provenance goes beside it as .json (default: the shipped model)")
    p.add_argument("--folds", type=int, default=0,
                   help="first score the parser by N-fold cross-validation: contiguous blocks of sentences, "
                        "blocks of each event's tweets, and each event left out in turn")
    p.set_defaults(func=cmd_train_recogniser)

    p = sub.add_parser("gazetteer", help="build (if needed) and load the gazetteer index")
    p.add_argument("--rebuild", action="store_true", help="rebuild even if the cache is fresh")
    p.set_defaults(func=cmd_gazetteer)
    cli_review.add_alias_parsers(p)
    cli_review.add_parsers(sub)
    cli_live.add_parsers(sub, _jobs, CORES)
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except GeoError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0

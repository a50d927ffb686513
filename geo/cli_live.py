"""Command line for live and shared use: ``python -m geo watch | feeds status | store copy | backup``.

``watch`` polls the feeds of a feeds file and looks at drop folders, as a
service (until SIGTERM) or once (``--once``, for cron); ``feeds status`` shows
each feed's last success and error and its counts; ``store copy`` moves a
store between backends; ``backup`` writes a consistent snapshot of a SQLite
store while it is in use.
"""
from __future__ import annotations

import json
import logging
import os
import sys

from geo.exc import ConfigurationError

DB_HELP = "event store: a file path, sqlite:///PATH or postgresql://USER@HOST/DB (default: the db setting)"


def cmd_watch(args) -> int:
    from geo import settings
    from geo.ingest import Ingester, Watcher, read_feeds, watch
    from geo.store import Store

    feeds_file = args.feeds if args.feeds is not None else settings.get("feeds_file")
    if not feeds_file and not args.folder:
        raise ConfigurationError("nothing to watch: give --feeds FILE (or set MARSAD_FEEDS_FILE) or --folder DIR")
    feeds = read_feeds(feeds_file) if feeds_file else []
    for folder in args.folder or []:
        if not os.path.isdir(folder):
            raise ConfigurationError(f"{folder}: no such folder")
    if not args.once:
        logging.getLogger("geo").setLevel(logging.INFO)
    with Store(args.db) as store:
        watcher = Watcher(Ingester(store), feeds, jobs=args.jobs)

        def report(results, drops):
            # As a service, a pass that found nothing new and no fault says nothing (a quiet journal).
            busy = any(r.seen or r.error for r in results) or any(d.ingested or d.rejected for d in drops)
            if args.once or busy:
                line = {"feeds": [r.as_dict() for r in results], "folders": [d.as_dict() for d in drops]}
                print(json.dumps(line, ensure_ascii=False), flush=True)

        watch(watcher, args.folder or [], once=args.once, keep=args.keep, on_pass=report)
    return 0


def cmd_feeds(args) -> int:
    from geo.store import Store

    with Store(args.db) as store:
        feeds = store.feeds.all()
    if args.json:
        print(json.dumps(feeds, ensure_ascii=False, indent=2))
        return 0
    if not feeds:
        print("no feed polled yet (python -m geo watch --feeds FILE)")
        return 0
    for f in feeds:
        state = "ok" if not f["failures"] else f"{f['failures']} error(s) in a row"
        print(f"{f['name']}  {f['url']}  [{state}]" + (f"  trust={f['trust']}" if f["trust"] else ""))
        print(f"  last success: {f['last_success'] or 'never'}   last poll: {f['last_poll'] or 'never'}")
        if f["last_error"]:
            print(f"  last error ({f['last_error_at']}): {f['last_error']}")
        print(f"  items seen {f['items_seen']}, added {f['items_added']}, copies of stored articles "
              f"{f['items_copies']}, failed {f['items_failed']}")
    return 0


def cmd_store_copy(args) -> int:
    from geo.store import copy_store

    def progress(table, n):
        if args.verbose:
            print(f"{table}: {n}", file=sys.stderr)

    counts = copy_store(args.source, args.target, progress=progress)
    print(json.dumps({"from": _safe(args.source), "to": _safe(args.target), "rows": counts}, indent=2))
    return 0


def cmd_backup(args) -> int:
    from geo.store import Store, backup

    if os.path.exists(args.dest):
        raise ConfigurationError(f"{args.dest}: exists already; give a new file name")
    with Store(args.db) as store:
        backup(store, args.dest)
        print(json.dumps({"store": _safe(store.path), "snapshot": args.dest,
                          "bytes": os.path.getsize(args.dest)}))
    return 0


def _safe(url: str) -> str:
    from geo.store import display_url

    return display_url(url)


def add_parsers(sub, jobs_type, default_jobs: int) -> None:
    p = sub.add_parser("watch", help="poll news feeds and drop folders and ingest what is new")
    p.add_argument("--feeds", help="TOML feeds file (default: the feeds_file setting; see docs/feeds.md)")
    p.add_argument("--folder", action="append", metavar="DIR",
                   help="a drop folder: new or changed files are ingested once, then moved to processed/ "
                        "or rejected/ (repeatable)")
    p.add_argument("--once", action="store_true", help="one pass over every feed and folder, then exit (cron)")
    p.add_argument("--keep", action="store_true",
                   help="leave dropped files in place (read-only media); the store remembers them")
    p.add_argument("--jobs", type=jobs_type, default=default_jobs,
                   help=f"worker processes for parsing (default: the core count, {default_jobs})")
    p.add_argument("--db", help=DB_HELP)
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser("feeds", help="the feeds' status: last success and error, items seen and added")
    acts = p.add_subparsers(dest="action", required=True)
    a = acts.add_parser("status")
    a.add_argument("--json", action="store_true")
    a.add_argument("--db", help=DB_HELP)
    a.set_defaults(func=cmd_feeds)

    p = sub.add_parser("store", help="move a store between backends")
    acts = p.add_subparsers(dest="action", required=True)
    a = acts.add_parser("copy", help="copy every row into a new, empty store (any backend to any)")
    a.add_argument("--from", dest="source", required=True, metavar="URL")
    a.add_argument("--to", dest="target", required=True, metavar="URL")
    a.set_defaults(func=cmd_store_copy)

    p = sub.add_parser("backup", help="a consistent snapshot of a SQLite store while it is in use "
                                      "(PostgreSQL: pg_dump, see docs/operations.md)")
    p.add_argument("dest", help="the snapshot file to write (must not exist)")
    p.add_argument("--db", help=DB_HELP)
    p.set_defaults(func=cmd_backup)

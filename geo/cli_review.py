"""Command line for the review loop: ``python -m geo users | screens | review | gazetteer aliases``.

The command line trusts its operator (who can read the store file anyway):
``--user`` names whose edits they are, and that user must exist in the store
with a role that allows the action. Passwords are read from standard input
(``--password-stdin``) or asked twice at the terminal, never from arguments.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys

from geo.cli_live import DB_HELP
from geo.exc import AccessDenied, ReviewError


def _store(args):
    from geo.store import Store

    return Store(args.db)


def _user(store, name: str | None):
    from geo.review import current_user

    if not name:
        raise AccessDenied("say whose change it is: --user NAME (a user of the store; see python -m geo users)")
    user = current_user(store, name)
    if user is None:
        raise AccessDenied(f"no user {name!r} in the store; add one with python -m geo users add")
    return user


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise ReviewError("the two passwords differ")
    return first


# -- users and screens ---------------------------------------------------------
def cmd_users(args) -> int:
    from geo.review import access

    with _store(args) as store:
        if args.action == "list":
            for u in store.accounts.users():
                print(f"{u['username']}\t{u['role']}\tsince {u['created_at']}")
            return 0
        if args.action == "remove":
            if not store.accounts.remove_user(args.name):
                raise ReviewError(f"no user {args.name!r}")
            print(f"removed {args.name}")
            return 0
        if args.action == "passwd":
            access.set_password(store, args.name, _password(args))
            print(f"password of {args.name} changed")
            return 0
        added = access.add_user(store, args.name, args.role, _password(args))
        print(f"{'added' if added else 'updated'} {args.name} ({args.role})")
    return 0


def cmd_screens(args) -> int:
    from geo.review import access

    with _store(args) as store:
        if args.action == "list":
            for s in store.accounts.screens():
                state = f"revoked {s['revoked_at']}" if s["revoked_at"] else "active"
                print(f"{s['name']}\t{state}\tby {s['created_by']} {s['created_at']}")
            return 0
        admin = access.require(_user(store, args.user), "admin")
        if args.action == "revoke":
            if not store.accounts.revoke_screen(args.name):
                raise ReviewError(f"no active screen link {args.name!r}")
            print(f"revoked {args.name}")
            return 0
        token = access.create_screen(store, args.name, admin)
        print(f"screen link for {args.name} (shown once; keep it like a password):\n"
              f"  http://HOST:8501/?view=briefing&screen={token}")
    return 0


# -- review ------------------------------------------------------------------------
def cmd_review(args) -> int:
    from geo.review import Reviewer, transfer

    with _store(args) as store:
        if args.action == "log":
            edits = store.edit_log(key=_key_of(store, args.report) if args.report else None, limit=args.limit)
            for e in edits:
                flag = "  [orphaned: the parser no longer produces this report]" if e["orphaned"] else ""
                print(f"{e['at']}  {e['user']}  {e['report_key']}  {e['field']}: "
                      f"{_short(e['old_value'])} -> {_short(e['new_value'])}"
                      f"{'  note: ' + e['note'] if e['note'] else ''}{flag}")
            return 0
        if args.action == "export":
            with open(args.file, "w", encoding="utf-8") as fh:
                n = transfer.export_edits(store, fh)
            print(f"{n} edits written to {args.file}")
            return 0
        user = _user(store, args.user)
        if args.action == "import":
            try:
                fh = open(args.file, encoding="utf-8")
            except OSError as err:
                raise ReviewError(f"{args.file}: cannot open ({err.strerror})") from err
            with fh:
                added, had = transfer.import_edits(store, fh, user, args.file)
            print(f"{added} edits added, {had} already there")
            return 0
        rv = Reviewer(store, user)
        if args.action == "confirm":
            done = rv.confirm(args.refs, args.note)
        elif args.action == "reject":
            done = rv.reject(args.refs, args.reason, args.note, args.duplicate_of)
        elif args.action == "note":
            done = rv.note(args.refs, args.text)
        elif args.action == "merge":
            done = rv.merge(args.refs, args.note)
        elif args.action == "split":
            done = rv.split(args.ref, args.note)
        elif args.action == "add":
            key = rv.add(args.article, args.start, args.end, args.type, sub_event_type=args.sub_type,
                         place_id=args.place, lat=args.lat, lon=args.lon, place_name=args.place_name,
                         date_start=args.date, date_end=args.date_end, date_precision=args.precision,
                         actor1=args.actor, actor2=args.target, note=args.note)
            print(f"added {key}")
            return 0
        else:
            done = _set(rv, args)
        print(f"{len(done)} edit(s) logged")
    return 0


def _set(rv, args) -> list:
    done = []
    if args.type:
        done += rv.set_type(args.refs, args.type, args.sub_type, args.note)
    if args.date:
        done += rv.set_date(args.refs, args.date, args.date_end, args.precision, args.note)
    if args.place or args.lat is not None or args.lon is not None:
        done += rv.set_place(args.refs, args.place, lat=args.lat, lon=args.lon, name=args.place_name,
                             geo_precision=args.geo_precision, learn=not args.no_learn, note=args.note)
    for role, value in (("actor1", args.actor), ("actor2", args.target)):
        if value is not None:
            done += rv.set_party(args.refs, role, value or None, args.note)
    if not done:
        raise ReviewError("nothing to set: give --type, --date, --place or --lat/--lon, --actor or --target")
    return done


def _key_of(store, ref: str) -> str:
    """The report key of an event id; a report key (or anything else) as it is."""
    ev = store.event(ref)
    return ev["report_key"] if ev else ref


def _short(value) -> str:
    if value is None:
        return "-"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 160 else text[:157] + "..."


# -- local names -------------------------------------------------------------------
def cmd_aliases(args) -> int:
    from geo.review import learning

    with _store(args) as store:
        if args.action in (None, "list"):
            for r in learning.listed(store):
                where = f" -> {r['place_id']} ({r['country_code'] or '-'})" if r["kind"] == "alias" else ""
                print(f"{r['name_id']}\t{r['kind']}\t{r['name']}{where}\tby {r['user']} {r['at']}"
                      f"{'  ' + r['note'] if r['note'] else ''}")
            return 0
        user = _user(store, args.user)
        if args.action == "remove":
            if not learning.remove(store, args.id, user):
                raise ReviewError(f"no alias or stop {args.id}")
            print(f"removed {args.id}")
            return 0
        if args.action == "add-stop":
            print(f"stop {learning.add_stop(store, args.name, user, args.note)} added")
            return 0
        from gazetteer import load

        place = load().find_id(args.place)
        if place is None:
            raise ReviewError(f"no place {args.place!r} in the gazetteer")
        print(f"alias {learning.add_alias(store, args.name, place.place_id, place.country_code, user, args.note)} added")
    return 0


def add_parsers(sub) -> None:
    """The review loop's sub-commands, on the ``python -m geo`` parser's subparsers."""

    p = sub.add_parser("users", help="dashboard users: add, remove, passwd, list")
    acts = p.add_subparsers(dest="action", required=True)
    for name, helptext in (("add", "add a user or change its role and password"), ("passwd", "change a password"),
                           ("remove", "remove a user"), ("list", "list the users")):
        a = acts.add_parser(name, help=helptext)
        if name != "list":
            a.add_argument("name")
        if name == "add":
            a.add_argument("--role", choices=("viewer", "analyst", "admin"), required=True)
        if name in ("add", "passwd"):
            a.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        a.add_argument("--db", help=DB_HELP)
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("screens", help="read-only wall-screen links: add, revoke, list")
    acts = p.add_subparsers(dest="action", required=True)
    for name in ("add", "revoke", "list"):
        a = acts.add_parser(name)
        if name != "list":
            a.add_argument("name")
            a.add_argument("--user", help="the admin doing it")
        a.add_argument("--db", help=DB_HELP)
    p.set_defaults(func=cmd_screens)

    p = sub.add_parser("review", help="confirm, reject or correct incidents; the edit log; export and import")
    acts = p.add_subparsers(dest="action", required=True)
    for name in ("confirm", "reject", "set", "note", "merge", "split", "add", "log", "export", "import"):
        a = acts.add_parser(name)
        if name in ("confirm", "reject", "set", "note", "merge"):
            a.add_argument("refs", nargs="+", metavar="REPORT", help="event ids or report keys")
        if name == "split":
            a.add_argument("ref", metavar="REPORT")
        if name == "log":
            a.add_argument("report", nargs="?", help="only this report (event id or report key)")
            a.add_argument("--limit", type=int)
        if name in ("export", "import"):
            a.add_argument("file")
        if name == "reject":
            a.add_argument("--reason", required=True,
                           choices=("not an incident", "wrong place", "not a place", "duplicate", "out of scope"))
            a.add_argument("--duplicate-of", metavar="REPORT")
        if name == "note":
            a.add_argument("--text", required=True)
        if name == "add":
            a.add_argument("article", help="the article id")
            a.add_argument("--start", type=int, required=True, help="the sentence's first character")
            a.add_argument("--end", type=int, required=True, help="the character after the sentence")
        if name in ("set", "add"):
            a.add_argument("--type", required=name == "add")
            a.add_argument("--sub-type")
            a.add_argument("--date", help="YYYY-MM-DD")
            a.add_argument("--date-end", help="YYYY-MM-DD (a period)")
            a.add_argument("--precision", default="day", choices=("day", "week", "month", "year"))
            a.add_argument("--place", metavar="PLACE_ID", help="a gazetteer place id (geonames:..., country:..)")
            a.add_argument("--lat", type=float)
            a.add_argument("--lon", type=float)
            a.add_argument("--place-name")
            a.add_argument("--actor", help="party id, a new party's name, or '' to clear")
            a.add_argument("--target", help="party id, a new party's name, or '' to clear")
        if name == "set":
            a.add_argument("--geo-precision", type=int, choices=(1, 2, 3))
            a.add_argument("--no-learn", action="store_true", help="do not make the name an alias of the place")
        if name not in ("log", "export", "note"):
            a.add_argument("--note")
        if name not in ("log", "export"):
            a.add_argument("--user", help="whose change it is (an analyst or admin of the store)")
        a.add_argument("--db", help=DB_HELP)
    p.set_defaults(func=cmd_review)


def add_alias_parsers(gazetteer_parser) -> None:
    """``python -m geo gazetteer aliases [list | add | add-stop | remove]``."""
    sub = gazetteer_parser.add_subparsers(dest="gazetteer_action")
    p = sub.add_parser("aliases", help="local aliases and stops learnt from analysts' corrections")
    acts = p.add_subparsers(dest="action")
    a = acts.add_parser("list")
    a.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
    a = acts.add_parser("add", help="a name for a gazetteer place")
    a.add_argument("name")
    a.add_argument("--place", required=True, metavar="PLACE_ID")
    a = acts.add_parser("add-stop", help="a name that is not a place")
    a.add_argument("name")
    a = acts.add_parser("remove", help="remove an alias or stop by its number (admins)")
    a.add_argument("id", type=int)
    for a in acts.choices.values():
        if a.prog.split()[-1] != "list":
            a.add_argument("--user", help="whose change it is")
            a.add_argument("--note")
            a.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
    p.add_argument("--db", help=DB_HELP)
    p.set_defaults(func=cmd_aliases, action=None)

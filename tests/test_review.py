"""The review loop: roles, passwords, sign-in, screen links, edits that survive, conflicts, learning."""
from __future__ import annotations

import io
import json
import sqlite3

import pytest

from geo.exc import AccessDenied, EditConflict, ReviewError
from geo.parse import LocalName
from geo.review import Reviewer, User, access, learning, transfer
from geo.store import EventFilter, exporting

TEXT = ("طرابلس (رويترز) - اندلعت اشتباكات عنيفة في منطقة وادي الربيع جنوب طرابلس يوم 14 مايو 2020. "
        "وقصفت طائرة مسيرة مواقع في ترهونة.")
ANALYST, ADMIN, VIEWER = User("ana", "analyst"), User("boss", "admin"), User("vic", "viewer")
PASSWORD = "correct horse battery"


@pytest.fixture
def filled(store, ingester):
    from geo.ingest import IngestReport

    report = IngestReport()
    ingester.add(article(), report)
    assert store.count() >= 2, report.as_dict()
    return store


def article(text=TEXT, origin="t.txt", published="2020-05-15", **over):
    from geo.ingest import Article

    fields = dict(text=text, title=None, record_id=None, origin=origin, published=published, source="Test",
                  url="https://example.org/a")
    fields.update(over)
    return Article(**fields)


def reports(store, **flt):
    return {e["report_key"]: e for e in store.events(EventFilter(**flt))}


def first(store):
    return sorted(store.events(), key=lambda e: e["event_id"])[0]


# -- roles -----------------------------------------------------------------------------
@pytest.mark.parametrize("role", access.ROLES)
@pytest.mark.parametrize("action", access.ACTIONS)
def test_roles_matrix(role, action):
    allowed = {"viewer": {"read"}, "analyst": {"read", "review", "ingest"},
               "admin": {"read", "review", "ingest", "admin"}}[role]
    user = User("u", role)
    if action in allowed:
        assert access.require(user, action) is user
    else:
        with pytest.raises(AccessDenied):
            access.require(user, action)


@pytest.mark.parametrize("act", [
    lambda rv, e: rv.confirm(e["event_id"]),
    lambda rv, e: rv.reject(e["event_id"], "not an incident"),
    lambda rv, e: rv.set_type(e["event_id"], "riots"),
    lambda rv, e: rv.note(e["event_id"], "x"),
])
@pytest.mark.parametrize("user,ok", [(VIEWER, False), (None, False), (ANALYST, True), (ADMIN, True)])
def test_review_actions_by_role(filled, act, user, ok, gazetteer):
    if not ok:
        with pytest.raises(AccessDenied):
            act(Reviewer(filled, user, gazetteer), first(filled))
        assert filled.edit_log() == []
    else:
        act(Reviewer(filled, user, gazetteer), first(filled))
        assert filled.edit_log()[0]["user"] == user.name


@pytest.mark.parametrize("user,ok", [(ANALYST, False), (VIEWER, False), (ADMIN, True)])
def test_admin_only_actions(store, user, ok):
    sid = learning.add_stop(store, "البلاد", ADMIN)
    if ok:
        assert learning.remove(store, sid, user)
        assert access.create_screen(store, "wall-1", user)
    else:
        with pytest.raises(AccessDenied):
            learning.remove(store, sid, user)
        with pytest.raises(AccessDenied):
            access.create_screen(store, "wall-1", user)


# -- passwords and sign-in ----------------------------------------------------------------
def test_passwords_are_stored_only_as_salted_hashes(store, tmp_path):
    access.add_user(store, "ana", "analyst", PASSWORD)
    access.add_user(store, "bob", "analyst", PASSWORD)
    hashes = [store.accounts.user(n)["password_hash"] for n in ("ana", "bob")]
    assert hashes[0] != hashes[1] and all(h.startswith("$argon2id$") for h in hashes)
    assert PASSWORD.encode() not in stored_bytes(store, tmp_path)


def stored_bytes(store, tmp_path) -> bytes:
    """Everything the store holds, as bytes: its files (SQLite), else every row of every table."""
    if store.backend.name == "sqlite":
        store.db.execute("PRAGMA wal_checkpoint(FULL)")
        return b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    return "".join(repr(store.backend.rows(f"SELECT * FROM {t}", [])[1])
                   for t in store.backend.tables()).encode()


def test_sign_in_says_nothing_about_whether_the_user_exists(store):
    access.add_user(store, "ana", "analyst", PASSWORD)
    assert access.sign_in(store, "ana", PASSWORD) == User("ana", "analyst")
    assert access.sign_in(store, "ana", "wrong password") is None
    assert access.sign_in(store, "nobody", PASSWORD) is None


def test_repeated_failures_are_slowed_down(store, monkeypatch):
    monkeypatch.setenv("MARSAD_SIGN_IN_ATTEMPTS", "3")
    access.add_user(store, "ana", "analyst", PASSWORD)
    for name in ("ana", "nobody"):
        for _ in range(3):
            assert access.sign_in(store, name, "wrong") is None
        assert access.wait_seconds(store, name) > 0
        with pytest.raises(AccessDenied, match="too many failed sign-ins"):
            access.sign_in(store, name, PASSWORD)
    later = __import__("time").time() + 3600
    assert access.sign_in(store, "ana", PASSWORD, clock=lambda: later) == User("ana", "analyst")


@pytest.mark.parametrize("name,role,password,problem", [
    ("", "analyst", PASSWORD, "user name"),
    ("two words", "analyst", PASSWORD, "user name"),
    ("ana", "boss", PASSWORD, "no role"),
    ("ana", "analyst", "short", "at least"),
])
def test_bad_user_values(store, name, role, password, problem):
    with pytest.raises(ReviewError, match=problem):
        access.add_user(store, name, role, password)


def test_screen_links(store, tmp_path):
    token = access.create_screen(store, "ops-wall", ADMIN)
    assert len(token) >= 40
    assert access.screen_user(store, token) == User("screen:ops-wall", "viewer", "ops-wall")
    assert access.screen_user(store, token + "x") is None
    assert access.screen_user(store, "") is None
    assert token.encode() not in stored_bytes(store, tmp_path)
    assert store.accounts.revoke_screen("ops-wall")
    assert access.screen_user(store, token) is None


# -- edits ---------------------------------------------------------------------------------------
def test_edits_are_applied_logged_and_exported(filled, gazetteer):
    rv = Reviewer(filled, ANALYST, gazetteer)
    e = first(filled)
    rv.set_date(e["event_id"], "2020-05-13")
    rv.set_type(e["event_id"], "battles", "armed_clash")
    rv.set_party(e["event_id"], "actor1", "=HYPERLINK(\"http://evil\")")
    rv.note(e["event_id"], "@SUM(A1) per the UN")
    rv.confirm(e["event_id"])
    row = filled.event(e["event_id"])
    assert (row["date_start"], row["status"], row["edit_count"], row["last_editor"]) == ("2020-05-13", "reviewed", 5, "ana")
    assert [p for p in row["parties"] if p["role"] == "actor1"][0]["name"] == "=HYPERLINK(\"http://evil\")"
    text = exporting.to_csv([row])
    assert "status" in text.splitlines()[0] and "last_editor" in text.splitlines()[0]
    import csv

    cells = [c for r in csv.reader(io.StringIO(text)) for c in r]
    assert "'@SUM(A1) per the UN" in cells and not any(c[:1] in "=+@" for c in cells if c)
    assert [x["field"] for x in filled.edit_log()] == ["status", "note", "actor1", "type", "date"]


@pytest.mark.parametrize("call,problem", [
    (lambda rv, i: rv.set_type(i, "picnic"), "no event type"),
    (lambda rv, i: rv.set_type(i, "riots", "air_drone_strike"), "no sub-event type"),
    (lambda rv, i: rv.set_date(i, "2020-02-30"), "not a date"),
    (lambda rv, i: rv.set_date(i, "2020-05-02", "2020-05-01"), "before its start"),
    (lambda rv, i: rv.set_date(i, "0001-01-01"), "between 1900"),
    (lambda rv, i: rv.set_date(i, "2020-05-01", precision="fortnight"), "precision"),
    (lambda rv, i: rv.set_place(i, lat=91, lon=0), "latitude"),
    (lambda rv, i: rv.set_place(i, lat="nan", lon=0), "latitude"),
    (lambda rv, i: rv.set_place(i, "geonames:0"), "no place"),
    (lambda rv, i: rv.set_place(i, lat=1, lon=2, geo_precision=7), "geo_precision"),
    (lambda rv, i: rv.reject(i, "boring"), "reason"),
    (lambda rv, i: rv.reject(i, "duplicate"), "duplicates"),
    (lambda rv, i: rv.note(i, "x" * 5000), "at most"),
    (lambda rv, i: rv.confirm("no-such-event"), "no incident"),
])
def test_bad_edit_values_are_refused_clearly(filled, gazetteer, call, problem):
    with pytest.raises(ReviewError, match=problem):
        call(Reviewer(filled, ANALYST, gazetteer), first(filled)["event_id"])
    assert filled.edit_log() == []


def test_rejected_are_hidden_by_default_and_one_filter_away(filled, gazetteer):
    e = first(filled)
    Reviewer(filled, ANALYST, gazetteer).reject(e["event_id"], "not an incident", "a drill")
    assert e["report_key"] not in reports(filled)
    assert reports(filled, statuses=["rejected"])[e["report_key"]]["reject_reason"] == "not an incident"
    every = ["machine", "reviewed", "rejected"]
    assert e["report_key"] in reports(filled, edited_by=["ana"], statuses=every)
    assert reports(filled, edited_by=["someone"], statuses=every) == {}


def test_a_second_save_over_anothers_change_is_refused(filled, gazetteer):
    e = first(filled)
    seen = {"event_type": e["event_type"], "sub_event_type": e["sub_event_type"]}
    Reviewer(filled, ANALYST, gazetteer).set_type(e["event_id"], "riots", "mob_violence", expected=seen)
    with pytest.raises(EditConflict, match="ana") as err:
        Reviewer(filled, User("zed", "analyst"), gazetteer).set_type(e["event_id"], "protests", expected=seen)
    assert err.value.now["event_type"] == "riots"
    assert filled.event(e["event_id"])["event_type"] == "riots"


def test_two_connections_editing_at_once_keep_both_in_the_log(filled, gazetteer):
    from geo.store import Store

    other = Store(filled.path)
    e = first(filled)
    Reviewer(filled, ANALYST, gazetteer).note(e["event_id"], "one")
    Reviewer(other, User("zed", "analyst"), gazetteer).note(e["event_id"], "two")
    assert [x["new_value"]["note"] for x in filled.edit_log()] == ["two", "one"]
    other.close()


def test_edits_survive_a_forced_reingest(filled, ingester, gazetteer):
    from geo.ingest import IngestReport
    rv = Reviewer(filled, ANALYST, gazetteer)
    events = sorted(filled.events(), key=lambda e: e["event_id"])
    rv.set_date(events[0]["event_id"], "2020-05-13")
    rv.reject(events[1]["event_id"], "out of scope")
    added = rv.add(events[0]["article_id"], 0, 20, "protests", lat=32.9, lon=13.2, place_name="ميدان الشهداء",
                   date_start="2020-05-14")
    ingester.force = True
    report = IngestReport()
    ingester.add(article(), report)
    assert report.replaced == 1
    after = reports(filled, statuses=["machine", "reviewed", "rejected"])
    assert after[events[0]["report_key"]]["date_start"] == "2020-05-13"
    assert after[events[1]["report_key"]]["status"] == "rejected"
    assert after[added]["origin"] == "analyst" and after[added]["event_type"] == "protests"
    assert not any(e["orphaned"] for e in filled.edit_log())


def test_an_edit_whose_report_is_gone_is_kept_and_flagged(filled, gazetteer):
    e = first(filled)
    Reviewer(filled, ANALYST, gazetteer).confirm(e["event_id"])
    art = filled.article(e["article_id"])
    filled.put(art, [], [], redate=True)           # a re-parse that no longer finds the event
    log = filled.edit_log()
    assert len(log) == 1 and log[0]["orphaned"]


def test_the_log_is_append_only(filled, gazetteer):
    Reviewer(filled, ANALYST, gazetteer).confirm(first(filled)["event_id"])
    with pytest.raises(filled.errors, match="append-only"):
        filled.db.execute("DELETE FROM edits")
    with pytest.raises(filled.errors, match="append-only"):
        filled.db.execute("""UPDATE edits SET "user"='x'""")


def test_export_and_import_are_idempotent(filled, gazetteer, tmp_path, parser):
    from geo.ingest import IngestReport, Ingester
    from geo.store import Store

    rv = Reviewer(filled, ANALYST, gazetteer)
    e = first(filled)
    rv.set_type(e["event_id"], "riots")
    rv.confirm(e["event_id"])
    buf = io.StringIO()
    assert transfer.export_edits(filled, buf) == 2
    with Store(str(tmp_path / "other.sqlite")) as other:
        Ingester(other, parser=parser).add(article(), IngestReport())
        assert transfer.import_edits(other, io.StringIO(buf.getvalue()), ANALYST) == (2, 0)
        assert transfer.import_edits(other, io.StringIO(buf.getvalue()), ANALYST) == (0, 2)
        row = other.event_by_key(e["report_key"])
        assert (row["event_type"], row["status"], row["edit_count"]) == ("riots", "reviewed", 2)
        with pytest.raises(ReviewError, match="bad.json: not a Marsad edit export"):
            transfer.import_edits(other, io.StringIO(json.dumps({"edits": []})), ANALYST, "bad.json")


def test_merge_and_split_decide_the_incidents(filled, gazetteer):
    from geo.events import group_reports

    events = sorted(filled.events(), key=lambda e: e["event_id"])
    rv = Reviewer(filled, ANALYST, gazetteer)
    rv.merge([e["event_id"] for e in events[:2]])
    incidents = group_reports(filled.events())
    assert any(i["report_count"] == 2 for i in incidents)
    rv.split(events[1]["event_id"])
    assert all(i["report_count"] == 1 for i in group_reports(filled.events()))


def test_migrating_a_version_2_store_keeps_its_events_reviewable(tmp_path, gazetteer):
    from geo.store import Store
    from geo.store.sqlite import _SCHEMA, MIGRATIONS

    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA + ";" + MIGRATIONS[1])
    db.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    db.execute("INSERT INTO articles (article_id, key, text, published_precision) VALUES ('a1', 'text:a1', 'x', 'day')")
    db.execute("INSERT INTO events (event_id, article_id, event_type, date_precision, date_approximate, date_basis, "
               "place_id, place_text, snippet, snippet_start, place_start, place_end, trigger_text, trigger_start, "
               "trigger_end, confidence) VALUES ('a1-000', 'a1', 'battles', 'day', 0, 'article', 'geonames:1', "
               "'x', 'x', 10, 0, 1, 'x', 2, 5, 0.9)")
    db.commit()
    db.close()
    with Store(str(path)) as store:
        assert store.event("a1-000")["report_key"] == "a1:12-15"
        Reviewer(store, ANALYST, gazetteer).confirm("a1-000")
        assert store.event("a1-000")["status"] == "reviewed"


# -- learning ---------------------------------------------------------------------------------------------
NEW_PLACE = "قتل ثلاثة مدنيين في قصف على بلدة كفرزعتران السورية أمس."


def test_an_alias_changes_the_next_parse(parser):
    try:
        assert not [m for m in parser.parse(NEW_PLACE) if m.text == "كفرزعتران"]
        parser.set_local_names([LocalName("alias", "كفرزعتران", "geonames:170063", "SY", "ana", "2026-11-30T10:00:00Z")])
        found = [m for m in parser.parse(NEW_PLACE) if m.text == "كفرزعتران"]
        assert found and found[0].place_id == "geonames:170063"
        assert "alias added by ana on 2026-11-30" in found[0].reasons
        # Scoped to its country: not used where the article names only another country.
        assert not [m for m in parser.parse("قصف على كفرزعتران في العراق") if m.text == "كفرزعتران"]
    finally:
        parser.set_local_names([])


def test_a_corrected_place_teaches_the_next_article(filled, ingester, gazetteer):
    from geo.ingest import IngestReport
    e = next(e for e in filled.events() if e["place_text"])
    Reviewer(filled, ANALYST, gazetteer).set_place(e["event_id"], "geonames:170063")
    aliases = learning.listed(filled, "alias")
    assert [(a["name"], a["place_id"], a["country_code"], a["user"]) for a in aliases] == \
        [(e["place_text"], "geonames:170063", "SY", "ana")]
    text = f"وقعت اشتباكات مسلحة في {e['place_text']} اليوم."
    ingester.add(article(text, "n.txt", "2020-06-01", url=None), IngestReport())
    new = [m for m in filled.mentions() if m["text"] == e["place_text"] and m["article_id"] != e["article_id"]]
    assert new and new[0]["place_id"] == "geonames:170063" and "alias added by ana" in new[0]["reason"]
    ingester.parser.set_local_names([])


def test_not_a_place_becomes_a_stop(filled, ingester, gazetteer):
    from geo.ingest import IngestReport
    e = first(filled)
    Reviewer(filled, ANALYST, gazetteer).reject(e["event_id"], "not a place")
    assert [s["name"] for s in learning.listed(filled, "stop")] == [e["place_text"]]
    ingester.add(article(f"اشتباكات في {e['place_text']} صباح اليوم.", "n.txt", "2020-06-01", url=None),
                 IngestReport())
    assert not [m for m in filled.mentions() if m["text"] == e["place_text"] and m["article_id"] != e["article_id"]]
    ingester.parser.set_local_names([])


def test_other_places_for_a_name(filled, ingester, gazetteer):
    from geo.ingest import IngestReport

    ingester.add(article("اندلعت اشتباكات عنيفة في طرابلس الليبية صباح اليوم.", "n.txt", url=None), IngestReport())
    rv = Reviewer(filled, ANALYST, gazetteer)
    tripoli = next(e for e in filled.events() if e["place_id"] == "geonames:2210247")
    others = rv.candidates(tripoli["event_id"])
    assert others and others[0]["place_id"] == "geonames:266826" and others[0]["country_code"] == "LB"
    assert all(o["place_id"] != "geonames:2210247" for o in others)
    found = rv.search("Tripoli") + rv.search("طرابلس")
    assert {"geonames:2210247", "geonames:266826"} <= {f["place_id"] for f in found}
    assert rv.search("no such place at all") == []

"""The dashboard page through Streamlit's AppTest: seeds, filters, the query string, ingest."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.store import Store

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def app_env(gazetteer, data_dir, store_url, monkeypatch):
    """A fresh, empty store (the page seeds it), on each backend, and the session's built gazetteer."""
    monkeypatch.setenv("MARSAD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("MARSAD_DB", store_url)
    return store_url


def run(query: dict | None = None, user: str | None = None) -> AppTest:
    """The page as it first renders; ``user``: signed in as this user of the store (see ``add_user``)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query or {})
    if user:
        import time

        at.session_state["auth"] = {"name": user, "since": time.time()}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def table(at: AppTest):
    return next(df.value for df in at.dataframe if "event_id" in df.value.columns)


def caption_text(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_first_start_loads_the_seeds(app_env):
    at = run()
    assert "6 incidents (6 reports; 6 stored in all) match" in caption_text(at)
    assert len(table(at)) == 6
    with Store(str(app_env)) as store:
        assert store.count("articles") == 2


@pytest.mark.parametrize("query, widget, expected", [
    ({"type": "battles"}, "f_type", ["battles"]),
    ({"party": "gna,lna"}, "f_party", ["gna", "lna"]),
    ({"country": "ly"}, "f_country", ["LY"]),
    ({"min_conf": "0.4"}, "f_conf", 0.4),
    ({"q": "طرابلس"}, "f_q", "طرابلس"),
    ({"undated": "0"}, "f_undated", False),
    ({"colour": "type"}, "f_colour", "type"),
    ({"layers": "events,heat"}, "f_layers", ["events", "heat"]),
])
def test_query_string_sets_the_widgets(app_env, query, widget, expected):
    at = run(query)
    value = at.session_state[widget]
    assert value == pytest.approx(expected) if isinstance(expected, float) else value == expected


@pytest.mark.parametrize("query, check", [
    ({"type": "battles"}, lambda t: set(t["type"]) == {"Battles"}),
    ({"country": "OM"}, lambda t: set(t["country"]) == {"OM"}),
    ({"party": "lna"}, lambda t: len(t) == 3 and all("Haftar" in p for p in t["parties"])),
    ({"from": "2025-01-01"}, lambda t: all(d.startswith("2025") for d in t["date"])),
    ({"q": "مستشفى"}, lambda t: len(t) >= 1 and all("مستشفى" in s for s in t["sentence"])),
    ({"min_conf": "0.9"}, lambda t: 0 < len(t) < 6 and (t["confidence"] >= 0.9).all()),
])
def test_filters_narrow_the_table(app_env, query, check):
    assert check(table(run(query)))


def test_widget_change_writes_the_query_string(app_env):
    at = run()
    at.multiselect(key="f_type").set_value(["battles"])
    at.slider(key="f_conf").set_value(0.3)
    at.text_input(key="f_q").input("طرابلس")
    at.run()
    assert at.query_params["type"] == "battles"
    assert at.query_params["min_conf"] == "0.3"
    assert at.query_params["q"] == "طرابلس"
    # ... and that query string, opened again, gives the same filters and the same rows.
    again = run({k: v for k, v in at.query_params.items()})
    assert again.session_state["f_type"] == ["battles"]
    assert list(table(again)["event_id"]) == list(table(at)["event_id"])


def test_bad_link_values_are_named_and_the_rest_applies(app_env):
    at = run({"from": "yesterday", "party": "nobody,gna", "type": "battles"})
    warnings = caption_text(at)
    assert "from='yesterday' is not a date" in warnings
    assert "'nobody' is not known" in warnings
    assert at.session_state["f_party"] == ["gna"]
    assert set(table(at)["type"]) == {"Battles"}


def test_selected_event_in_link_shows_its_article(app_env):
    event_id = table(run()).iloc[0]["event_id"]
    at = run({"event": event_id})
    page = " ".join(h.value for h in at.get("html"))
    assert "marsad-article" in page and "marsad-mention" in page
    assert 'id="marsad-selected"' in page


def add_user(app_env, name="ana", role="analyst", password="correct horse battery"):
    from geo.review import access

    with Store(str(app_env)) as store:
        access.add_user(store, name, role, password)


def test_paste_an_article(app_env):
    run()                                                           # seeds the store
    add_user(app_env)
    at = run(user="ana")
    at.text_area(key="ingest_text").input("اشتباكات عنيفة في مدينة سرت صباح اليوم. <script>alert(1)</script>")
    at.date_input(key="ingest_published").set_value("2024-03-05")
    at.text_input(key="ingest_source").input("Test wire")
    at.button(key="FormSubmitter:ingest-Add to the store").click()
    at.run()
    assert not at.exception
    done = " ".join(s.value for s in at.success)
    assert "Added 1" in done and "1 events" in done
    assert "7 incidents (7 reports; 7 stored in all) match" in caption_text(at)
    sirte = table(at)[table(at)["source"] == "Test wire"]
    assert list(sirte["date"]) == ["2024-03-05 morning (day)"]


def test_paste_nothing_adds_nothing(app_env):
    run()
    add_user(app_env)
    at = run(user="ana")
    at.button(key="FormSubmitter:ingest-Add to the store").click()
    at.run()
    assert "6 incidents (6 reports; 6 stored in all) match" in caption_text(at)
    assert not at.success


def test_briefing_view(app_env):
    at = run({"view": "briefing"})
    labels = [m.label for m in at.metric]
    assert labels[:2] == ["Incidents", "2+ outlets"]
    assert not at.sidebar.multiselect          # no filters on the wall screen
    assert at.query_params["view"] == "briefing"
    # The seeds are of 2020 and 2025: nothing in the last 24 hours, so the screen shows the newest day, saying so.
    assert "nothing in the last 24 hours" in " ".join(m.value for m in at.markdown)
    assert {m.label: m.value for m in at.metric}["Incidents"] == "1"


@pytest.mark.parametrize("window, incidents", [("24h", "1"), ("7d", "1"), ("30d", "1")])
def test_briefing_window_in_the_link(app_env, window, incidents):
    at = run({"view": "briefing", "window": window})
    assert {m.label: m.value for m in at.metric}["Incidents"] == incidents
    assert at.query_params["window"] == window if window != "24h" else "window" not in at.query_params


def test_briefing_counts_recent_events_by_party(app_env, parser, tmp_path):
    import datetime as dt

    from geo.ingest.ingesting import Ingester

    text = tmp_path / "today.txt"
    text.write_text("اشتباكات عنيفة بين قوات حفتر وقوات حكومة الوفاق في مدينة سرت", encoding="utf-8")
    with Store(str(app_env)) as store:
        report = Ingester(store, parser=parser).ingest([str(text)], published=dt.date.today().isoformat())
    assert report.events == 1
    at = run({"view": "briefing"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Incidents"] == "1"
    assert metrics["قوات حفتر \\(الجيش الوطني الليبي\\)"] == "1"          # the label is markdown: escaped
    assert "the last 24 hours" in " ".join(m.value for m in at.markdown)
    assert "حكومة الوفاق الوطني" not in metrics                   # the GNA ended in 2021: not read into today


def test_link_values_are_shown_literally(app_env):
    at = run({"party": "![x](http://198.51.100.1/x.png)"})
    warning = caption_text(at)
    assert "\\!\\[x\\]\\(http\\:\u2060//198\\.51\\.100\\.1/x\\.png\\)" in warning


def test_a_year_one_date_in_the_store_does_not_take_the_page_down(app_env):
    """A store written before dates were checked may hold year 1: the page still renders in seconds."""
    import time

    def not_drawn(at):
        return next(int(c.value.split()[0].replace(",", "")) for c in at.caption if "are not drawn" in c.value)

    before = not_drawn(run())                                       # seeds the store
    with Store(str(app_env)) as store:
        with store.transaction():
            store.db.execute("UPDATE events SET date_start='0001-01-01', date_end='0001-01-01', "
                             "date_precision='day' WHERE event_id = "
                             "(SELECT min(event_id) FROM events WHERE date_precision = 'day')")
            store.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
    started = time.perf_counter()
    at = run()
    assert time.perf_counter() - started < 10                       # the whole page, map and table included
    assert "6 incidents (6 reports; 6 stored in all) match" in caption_text(at)
    assert not_drawn(at) == before + 1                              # the year-1 event is counted, not drawn


def test_one_incident_from_two_outlets_and_the_sources_filter(app_env, parser, tmp_path):
    """Two outlets report one clash: one row with 2 reports; sources=2 keeps it, and only it."""
    import json

    from geo.ingest import Ingester

    text = "اندلعت اشتباكات عنيفة في مدينة سرت الليبية صباح اليوم بين مسلحين."
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps({"id": str(k), "source": src, "text": text + " " + src,
                                        "published": "2020-05-14"}, ensure_ascii=False) + "\n"
                            for k, src in enumerate(["وكالة", "قناة"])), encoding="utf-8")
    run()                                                           # seeds the store
    with Store(str(app_env)) as store:
        Ingester(store, parser=parser).ingest([str(path)])
    rows = table(run())
    sirte = rows[rows["place"] == "سرت"]
    assert len(sirte) == 1 and sirte.iloc[0]["reports"] == 2
    wide = table(run({"sources": "2"}))
    assert list(wide["place"]) == ["سرت"]


# -- sign-in and review -------------------------------------------------------------------
def page_text(at: AppTest) -> str:
    return " ".join(str(getattr(e, "value", "")) for kind in ("info", "error", "warning", "success", "caption",
                                                               "markdown") for e in getattr(at, kind))


def test_no_users_yet_the_map_is_read_only_and_says_how_to_start(app_env):
    at = run()
    assert "python -m geo users add NAME --role admin" in page_text(at)
    assert not [t for t in at.text_area if t.key == "ingest_text"]     # no upload form


def test_with_users_the_page_asks_to_sign_in(app_env):
    run()
    add_user(app_env)
    at = run()
    assert not at.dataframe                                              # nothing shown before signing in
    at.text_input(key="si_name").input("ana")
    at.text_input(key="si_password").input("wrong password!")
    at.button(key="FormSubmitter:sign_in-Sign in").click()
    at.run()
    assert "Wrong user name or password." in page_text(at)
    at.text_input(key="si_name").input("nobody")
    at.button(key="FormSubmitter:sign_in-Sign in").click()
    at.run()
    assert "Wrong user name or password." in page_text(at)              # the same: nothing said about who exists
    at.text_input(key="si_name").input("ana")
    at.text_input(key="si_password").input("correct horse battery")
    at.button(key="FormSubmitter:sign_in-Sign in").click()
    at.run()
    assert "Signed in as **ana** (analyst)" in page_text(at) and table(at) is not None


def test_an_expired_session_signs_out(app_env, monkeypatch):
    run()
    add_user(app_env)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["auth"] = {"name": "ana", "since": 0.0}
    at.run()
    assert "Your session has expired" in page_text(at) and not at.dataframe


def test_viewer_sees_no_review_controls_analyst_confirms(app_env):
    run()
    add_user(app_env, "vic", "viewer")
    add_user(app_env)
    event_id = table(run(user="ana")).iloc[0]["event_id"]
    viewer = run({"event": event_id}, user="vic")
    assert not [b for b in viewer.button if b.key == "rv_confirm"]
    assert "reviewing is for analysts" in page_text(viewer)
    analyst = run({"event": event_id}, user="ana")
    analyst.button(key="rv_confirm").click()
    analyst.run()
    assert "Confirmed." in page_text(analyst)
    rows = table(analyst)
    assert rows[rows["event_id"] == event_id].iloc[0]["status"] == "reviewed"
    assert rows[rows["event_id"] == event_id].iloc[0]["edited by"] == "ana"
    analyst.button(key="rv_next").click()                              # on to the next one awaiting review
    analyst.run()
    nxt = analyst.session_state["event"]
    assert nxt != event_id and rows[rows["event_id"] == nxt].iloc[0]["status"] == "machine"


def test_screen_links(app_env):
    from geo.review import User, access

    run()
    add_user(app_env)
    with Store(str(app_env)) as store:
        token = access.create_screen(store, "ops-wall", User("boss", "admin"))
    at = run({"view": "briefing", "screen": token})
    assert [m.label for m in at.metric][:2] == ["Incidents", "2+ outlets"]
    bad = run({"view": "briefing", "screen": token[:-2] + "xx"})
    assert "not valid" in page_text(bad) and not bad.metric


def test_a_second_analysts_save_is_refused_on_the_page(app_env):
    """Two analysts have one incident open; the second to save is told what the first did."""
    run()
    add_user(app_env)
    add_user(app_env, "zed")
    event_id = table(run(user="ana")).iloc[0]["event_id"]
    ana = run({"event": event_id}, user="ana")
    zed = run({"event": event_id}, user="zed")
    zed.button(key="rv_confirm").click()
    zed.run()
    assert "Confirmed." in page_text(zed)
    ana.button(key="rv_reject").click()
    ana.run()
    said = page_text(ana)
    assert "Not saved" in said and "zed" in said and "reviewed" in said
    rows = table(ana)
    assert rows[rows["event_id"] == event_id].iloc[0]["status"] == "reviewed"


def test_a_forged_session_gets_nothing(app_env):
    """Session state names a user the store does not have (or had): the page asks to sign in, edits nothing."""
    run()
    add_user(app_env, "vic", "viewer")
    event_id = table(run(user="vic")).iloc[0]["event_id"]
    forged = run({"event": event_id}, user="mallory")
    assert "Your account was removed." in page_text(forged) and not forged.dataframe
    assert not [b for b in forged.button if b.key == "rv_confirm"]
    with Store(str(app_env)) as store:
        assert store.edit_log() == []


def test_an_archive_can_be_filtered_by_date_from_the_sidebar(app_env):
    """Dates from 2015 (an archive) are accepted: the bounds come from the store, not from today."""
    import datetime as dt

    at = run()                                                      # the seeds: 2020 and 2025
    at.date_input(key="f_from").set_value(dt.date(2015, 7, 20))
    at.date_input(key="f_to").set_value(dt.date(2020, 5, 31))
    at.run()
    assert not at.exception
    assert at.query_params.get("from") == "2015-07-20", dict(at.query_params)
    assert len(table(at)) and all(d < "2021" for d in table(at)["date"])


def test_bad_link_values_make_one_compact_line(app_env):
    at = run({"layers": "bogus", "min_conf": "5", "country": "ZZ", "type": "battles"})
    said = [c.value for c in at.caption if "Link" in c.value]
    assert len(said) == 1 and not at.warning
    for name in ("bogus", "min\\_conf", "outside 0 to 1", "ZZ"):
        assert name in said[0], said
    assert table(at)["type"].tolist() and set(table(at)["type"]) == {"Battles"}


def test_a_party_an_analyst_named_is_text_on_the_wall(app_env, parser, tmp_path):
    """A new party's name is free text: on the wall screen's (markdown) tile it is shown, not run."""
    import datetime as dt

    from geo.ingest.ingesting import Ingester
    from geo.review import Reviewer, User

    text = tmp_path / "today.txt"
    text.write_text("اشتباكات عنيفة في مدينة سرت صباح اليوم", encoding="utf-8")
    with Store(str(app_env)) as store:
        Ingester(store, parser=parser).ingest([str(text)], published=dt.date.today().isoformat())
        today = next(e for e in store.events() if e["date_start"] == dt.date.today().isoformat())
        Reviewer(store, User("ana", "analyst"), parser.gaz).set_party(today["event_id"], "actor1",
                                                                       "![x](http://198.51.100.1/x.png)")
    at = run({"view": "briefing"})
    labels = [m.label for m in at.metric]
    assert "\\!\\[x\\]\\(http\\:\u2060//198\\.51\\.100\\.1/x\\.png\\)" in labels, labels

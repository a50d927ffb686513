"""The dashboard's sign-in, review controls and admin page: layout and widgets only.

The work (roles, validation, the edit log, learning) is :mod:`geo.review`'s; every
action below goes through it, so a role is checked on the server whatever the page
shows. Stored text is untrusted: it reaches the page only through ``md()`` (literal
markdown) or Streamlit's own escaping (widgets, dataframes).
"""
from __future__ import annotations

import time

import streamlit as st

from geo import settings
from geo.events import EVENT_TYPES, SUB_EVENT_TYPES
from geo.exc import AccessDenied, EditConflict, GeoError, ReviewError
from geo.review import REJECT_REASONS, ROLES, Reviewer, User, access, current_user, learning, sign_in
from geo.store import Store
from geo.text import sentences
from geo.web import highlighting

md = highlighting.markdown_escape
_SESSION = "auth"


# -- who is here ----------------------------------------------------------------------
def signed_in(path: str, screen_token: str | None) -> User | None:
    """The user of this session; shows the sign-in form and stops the page when one is needed.

    None: the store has no users yet (read-only, with how to create the first admin).
    A valid ``screen`` token gives a read-only wall-screen user without signing in.
    """
    with Store(path) as store:
        if screen_token:
            user = access.screen_user(store, screen_token)
            if user is None:
                st.error("This screen link is not valid (it may have been revoked). Ask an admin for a new one.")
                st.stop()
            return user
        if settings.get("auth") == "oidc":
            return _oidc_user(store)
        session = st.session_state.get(_SESSION)
        if session:
            user = current_user(store, session["name"])
            expired = time.time() - session["since"] > float(settings.get("session_hours")) * 3600
            if user is not None and not expired:
                return user
            del st.session_state[_SESSION]
            st.warning("Your session has expired; sign in again." if expired else "Your account was removed.")
        if store.accounts.count_users() == 0:
            return None
        _sign_in_form(store)
    st.stop()


def _sign_in_form(store) -> None:
    st.title("Marsad · مرصد")
    with st.form("sign_in"):
        name = st.text_input("User name", key="si_name")
        password = st.text_input("Password", type="password", key="si_password")
        if not st.form_submit_button("Sign in"):
            return
    try:
        user = sign_in(store, name, password)
    except AccessDenied as err:
        st.error(str(err).capitalize() + ".")
        return
    if user is None:
        st.error("Wrong user name or password.")       # the same whether the user exists or not
        return
    st.session_state[_SESSION] = {"name": user.name, "since": time.time()}
    st.rerun()


def _oidc_user(store) -> User:
    if not st.user.is_logged_in:
        st.title("Marsad · مرصد")
        st.button("Sign in with your organisation's account", on_click=st.login)
        st.stop()
    email = st.user.get("email") or ""
    user = current_user(store, email)
    if user is None:
        st.error(f"{md(email)} has no role here; an admin adds it with: python -m geo users add {md(email)} --role viewer")
        st.button("Sign out", on_click=st.logout)
        st.stop()
    return user


def account_box(user: User | None) -> None:
    """Who is signed in, and the way out (sidebar)."""
    if user is None:
        st.info("No users yet: the map is read-only. Create the first admin on this machine with\n\n"
                "`python -m geo users add NAME --role admin`\n\nthen reload and sign in.")
        return
    if user.screen:
        return
    st.caption(f"Signed in as **{md(user.name)}** ({user.role})")
    if st.button("Sign out", key="sign_out"):
        st.session_state.pop(_SESSION, None)
        if settings.get("auth") == "oidc":
            st.logout()
        st.rerun()


# -- review controls ------------------------------------------------------------------
def review_panel(path: str, event: dict, keys: list[str], user: User, gaz, parties) -> None:
    """Status, corrections, note and history of one incident (``keys``: its reports)."""
    st.markdown("#### Review")
    if not user.may("review"):
        st.info("Viewers read, filter and download; reviewing is for analysts. "
                "Sign in as an analyst to confirm or correct this incident.")
        _history(path, keys)
        return
    seen = st.session_state.setdefault(f"rv_seen_{event['event_id']}", _snapshot(event))
    status = event.get("status") or "machine"
    who = f", last edited by {md(event['last_editor'])}" if event.get("last_editor") else ""
    reason = f" ({md(event['reject_reason'])})" if event.get("reject_reason") else ""
    st.caption(f"Status: **{status}**{reason}{who} · {len(keys)} report(s) in this incident; "
               "a change applies to all of them.")
    with Store(path) as store:
        rv = Reviewer(store, user, gaz, parties)
        c1, c2, c3 = st.columns([1, 2, 1])
        said = {"status": seen["status"]}
        if c1.button("Confirm", key="rv_confirm", type="primary"):
            _do(lambda: rv.confirm(keys, expected=said), "Confirmed.", event)
        with c2:
            why = st.selectbox("Reject because", REJECT_REASONS, key=f"rv_reason_{event['event_id']}")
            dup = st.text_input("Duplicate of (incident id)", key=f"rv_dup_{event['event_id']}") if why == "duplicate" else None
            if st.button("Reject", key="rv_reject"):
                _do(lambda: rv.reject(keys, why, duplicate_of=dup, expected=said), "Rejected.", event)
        if status != "machine" and c3.button("Undo status", key="rv_restore"):
            _do(lambda: rv.restore(keys, expected=said), "Back to the machine's status.", event)
        _corrections(rv, event, keys, seen)
        _place(rv, event, keys, seen)
        note = st.text_area("Analyst note", value=event.get("note") or "", key=f"rv_note_{event['event_id']}")
        if st.button("Save note", key="rv_save_note"):
            _do(lambda: rv.note(keys, note, expected={"note": seen["note"]}), "Note saved.", event)
        _incident_tools(rv, event, keys)
    _history(path, keys)


_SEEN = ("status", "note", "event_type", "sub_event_type", "date_start", "date_end", "date_precision", "actor1",
         "actor2", "place_id")


def _snapshot(event: dict) -> dict:
    """The values the analyst sees when the panel first shows them: what a save expects to find."""
    return {k: event.get(k) for k in _SEEN}


def _do(action, done: str, event: dict | None = None) -> None:
    """Run a review action; on success rerun with ``done`` shown, else say why it was not saved."""
    try:
        action()
    except EditConflict as err:
        if event is not None:           # show the other analyst's values from now on
            st.session_state.pop(f"rv_seen_{event['event_id']}", None)
        st.error(f"Not saved: {md(str(err))}")
        return
    except (ReviewError, AccessDenied) as err:
        st.error(f"Not saved: {md(str(err))}")
        return
    except GeoError:
        st.error("Not saved: the store failed; the server's log says why.")
        return
    if event is not None:
        st.session_state.pop(f"rv_seen_{event['event_id']}", None)
    st.session_state.review_done = (done, st.session_state.get("event"))
    st.rerun()


def _corrections(rv: Reviewer, event: dict, keys: list[str], seen: dict) -> None:
    with st.expander("Correct type, date, parties"):
        types = list(EVENT_TYPES)
        etype = st.selectbox("Event type", types, index=types.index(event["event_type"]) if event["event_type"] in types
                             else 0, format_func=lambda t: f"{EVENT_TYPES[t][1]} · {EVENT_TYPES[t][0]}", key=f"rv_type_{event['event_id']}")
        subs = [""] + list(SUB_EVENT_TYPES[etype])
        sub = st.selectbox("Sub-event type", subs, key=f"rv_sub_{event['event_id']}",
                           index=subs.index(event["sub_event_type"]) if event.get("sub_event_type") in subs else 0)
        c1, c2, c3 = st.columns(3)
        start = c1.text_input("Date (YYYY-MM-DD)", value=event.get("date_start") or "", key=f"rv_date_{event['event_id']}")
        end = c2.text_input("Until (a period)", value=event.get("date_end") or "", key=f"rv_date_end_{event['event_id']}")
        precision = c3.selectbox("Precision", ["day", "week", "month", "year"], key=f"rv_precision_{event['event_id']}",
                                 index=["day", "week", "month", "year"].index(event["date_precision"])
                                 if event.get("date_precision") in ("day", "week", "month", "year") else 0)
        options = [""] + list(rv.parties.by_id)
        label = {p: f"{rv.parties.by_id[p].name_ar} · {rv.parties.by_id[p].name}" for p in rv.parties.by_id}
        c1, c2 = st.columns(2)
        actor = c1.selectbox("Actor", options, format_func=lambda p: label.get(p, "—"), key=f"rv_actor_{event['event_id']}",
                             index=options.index(event["actor1"]) if event.get("actor1") in options else 0)
        new_actor = c1.text_input("or a new actor's name", key=f"rv_new_actor_{event['event_id']}")
        target = c2.selectbox("Target", options, format_func=lambda p: label.get(p, "—"), key=f"rv_target_{event['event_id']}",
                              index=options.index(event["actor2"]) if event.get("actor2") in options else 0)
        new_target = c2.text_input("or a new target's name", key=f"rv_new_target_{event['event_id']}")
        if st.button("Save corrections", key="rv_save"):
            def save():
                if (etype, sub or None) != (seen["event_type"], seen["sub_event_type"]):
                    rv.set_type(keys, etype, sub or None, expected={"event_type": seen["event_type"],
                                                                   "sub_event_type": seen["sub_event_type"]})
                if start and (start, end or start, precision) != (seen["date_start"], seen["date_end"],
                                                                  seen["date_precision"]):
                    rv.set_date(keys, start, end or None, precision,
                                expected={"date_start": seen["date_start"], "date_end": seen["date_end"]})
                for role, picked, new in (("actor1", actor, new_actor), ("actor2", target, new_target)):
                    value = new.strip() or picked or None
                    if value != seen[role] and not (value is None and seen[role] is None):
                        rv.set_party(keys, role, value, expected={role: seen[role]})
            _do(save, "Corrections saved.", event)


def _place(rv: Reviewer, event: dict, keys: list[str], seen: dict) -> None:
    with st.expander("Correct the place"):
        how = st.radio("Move it to", ["another candidate", "a gazetteer search", "coordinates"], horizontal=True,
                       key=f"rv_place_how_{event['event_id']}")
        place_id, lat, lon, name = None, None, None, None
        if how == "another candidate":
            found = rv.candidates(event["event_id"])
            if not found:
                st.caption("No other place of this name in the gazetteer.")
            picked = st.selectbox("Candidate", found, format_func=_place_label, key=f"rv_candidate_{event['event_id']}") if found else None
            place_id = picked and picked["place_id"]
        elif how == "a gazetteer search":
            query = st.text_input("Place name (Arabic or English)", key=f"rv_search_{event['event_id']}")
            found = rv.search(query) if query.strip() else []
            if query.strip() and not found:
                st.caption("No place of that name in the gazetteer; give coordinates instead.")
            picked = st.selectbox("Result", found, format_func=_place_label, key=f"rv_found_{event['event_id']}") if found else None
            place_id = picked and picked["place_id"]
        else:
            click = st.session_state.get("map_click")
            c1, c2, c3 = st.columns(3)
            lat = c1.number_input("Latitude", -90.0, 90.0, value=float(click[0]) if click else float(event["lat"] or 0),
                                  format="%.5f", key=f"rv_lat_{event['event_id']}")
            lon = c2.number_input("Longitude", -180.0, 180.0,
                                  value=float(click[1]) if click else float(event["lon"] or 0), format="%.5f",
                                  key=f"rv_lon_{event['event_id']}")
            name = c3.text_input("Name of the place", key=f"rv_place_name_{event['event_id']}")
            st.caption("Click the map to take a point from it." if not click else
                       f"Taken from your last click on the map ({click[0]:.4f}, {click[1]:.4f}).")
        precision = st.selectbox("geo_precision", [1, 2, 3], key=f"rv_geo_precision_{event['event_id']}",
                                 format_func={1: "1: the place itself", 2: "2: near it / part of it",
                                              3: "3: a larger area"}.get)
        learn = st.checkbox(f"Read «{event['place_text']}» as this place in later articles (a local alias)",
                            value=True, key=f"rv_learn_{event['event_id']}") if how != "coordinates" else False
        if st.button("Move the incident", key="rv_move", disabled=how != "coordinates" and not place_id):
            _do(lambda: rv.set_place(keys, place_id, lat=lat, lon=lon, name=name, geo_precision=precision,
                                     learn=learn, expected={"place_id": seen["place_id"]}), "Place corrected.", event)


def _place_label(p: dict) -> str:
    pop = f", pop. {p['population']:,}" if p.get("population") else ""
    return f"{p.get('name_ar') or ''} {p.get('name') or ''} ({p.get('country_code') or '-'}, {p.get('feature') or '?'}{pop})"


def _incident_tools(rv: Reviewer, event: dict, keys: list[str]) -> None:
    with st.expander("Merge or split"):
        other = st.text_input("Merge with incident (its id)", key=f"rv_merge_{event['event_id']}")
        if st.button("Merge", key="rv_merge_go", disabled=not other.strip()):
            _do(lambda: rv.merge(keys + [other.strip()]), "Merged.", event)
        if len(keys) > 1:
            st.caption("Split this report out of its incident:")
            if st.button(f"Split {event['event_id']} out", key="rv_split"):
                _do(lambda: rv.split(event["event_id"]), "Split out.", event)


def _history(path: str, keys: list[str]) -> None:
    with Store(path) as store:
        log = [e for k in keys for e in store.edit_log(key=k)]
    with st.expander(f"History ({len(log)} change(s))"):
        if not log:
            st.caption("No analyst has changed this incident.")
        rows = [{"when": e["at"], "who": e["user"], "field": e["field"], "from": _short(e["old_value"]),
                 "to": _short(e["new_value"]), "note": e["note"] or "",
                 "report": e["report_key"] + (" (orphaned)" if e["orphaned"] else "")}
                for e in sorted(log, key=lambda e: e["edit_id"], reverse=True)]
        if rows:
            st.dataframe(rows, hide_index=True, width="stretch")


def _short(value) -> str:
    if not value:
        return "—"
    return "; ".join(f"{k}={v}" for k, v in sorted(value.items()) if v is not None and k != "article_id")[:200]


def add_incident_form(path: str, art: dict, user: User, gaz, parties) -> None:
    """An incident the machine missed, from a sentence of this article."""
    if not user.may("review"):
        return
    with st.expander("Add an incident the machine missed, from a sentence of this article"):
        spans = sentences(art["text"])
        span = st.selectbox("Sentence", spans, format_func=lambda s: art["text"][s[0]:s[1]][:160], key=f"add_sentence_{art['article_id']}")
        types = list(EVENT_TYPES)
        etype = st.selectbox("Event type", types, format_func=lambda t: f"{EVENT_TYPES[t][1]} · {EVENT_TYPES[t][0]}",
                             key=f"add_type_{art['article_id']}")
        query = st.text_input("Place (a gazetteer name, Arabic or English)", key=f"add_place_{art['article_id']}")
        with Store(path) as store:
            rv = Reviewer(store, user, gaz, parties)
            found = rv.search(query) if query.strip() else []
            picked = st.selectbox("Place found", found, format_func=_place_label, key=f"add_found_{art['article_id']}") if found else None
            date = st.text_input("Date (YYYY-MM-DD; empty: the article's)", key=f"add_date_{art['article_id']}")
            if st.button("Add the incident", key="add_go", disabled=picked is None):
                _do(lambda: rv.add(art["article_id"], span[0], span[1], etype, place_id=picked["place_id"],
                                   date_start=date.strip() or None), "Incident added.")


def flash() -> None:
    """The last review action's confirmation, while its incident stays selected (the map's own
    reruns must not wipe it; the next action replaces it)."""
    done = st.session_state.get("review_done")
    if done and done[1] == st.session_state.get("event"):
        st.success(done[0])
    elif done:
        del st.session_state["review_done"]


# -- admin ------------------------------------------------------------------------------
#: The feed status columns the Admin tab shows (python -m geo feeds status has the same).
FEED_COLUMNS = ("name", "url", "trust", "last_success", "last_error", "last_error_at", "failures", "items_seen",
                "items_added", "items_copies", "items_failed")


def admin_page(path: str, user: User) -> None:
    """Users, local names, screen links and the feeds' status (admins only; the page says so to others)."""
    try:
        access.require(user, "admin")
    except AccessDenied as err:
        st.info(md(str(err)))
        return
    with Store(path) as store:
        st.subheader("Users")
        st.dataframe(store.accounts.users(), hide_index=True, width="stretch")
        with st.form("add_user", clear_on_submit=True):
            c1, c2, c3 = st.columns(3)
            name = c1.text_input("User name")
            role = c2.selectbox("Role", ROLES)
            password = c3.text_input("Password (10 characters or more)", type="password")
            if st.form_submit_button("Add or update the user"):
                _do(lambda: access.require(user, "admin") and access.add_user(store, name, role, password),
                    f"User {name} saved.")
        gone = st.selectbox("Remove a user", [""] + [u["username"] for u in store.accounts.users()
                                                     if u["username"] != user.name], key="adm_remove_user")
        if gone and st.button(f"Remove {gone}", key="adm_remove_user_go"):
            _do(lambda: access.remove_user(store, gone, user), f"User {gone} removed.")

        st.subheader("Local aliases and stops")
        names = learning.listed(store)
        st.dataframe(names, hide_index=True, width="stretch")
        ids = [n["name_id"] for n in names]
        drop = st.selectbox("Remove", [None] + ids, key="adm_remove_name",
                            format_func=lambda i: "—" if i is None else
                            next(f"{n['kind']} {n['name']}" for n in names if n["name_id"] == i))
        if drop and st.button("Remove it", key="adm_remove_name_go"):
            _do(lambda: learning.remove(store, drop, user), "Removed.")

        st.subheader("Wall-screen links")
        st.dataframe(store.accounts.screens(), hide_index=True, width="stretch")
        c1, c2 = st.columns(2)
        screen = c1.text_input("New screen link, named", key="adm_screen")
        if c1.button("Create the link", key="adm_screen_go", disabled=not screen.strip()):
            try:
                token = access.create_screen(store, screen, user)
            except ReviewError as err:
                st.error(md(str(err)))
            else:
                st.success("The link (shown once; anyone with it can read the map):")
                st.code(f"?view=briefing&screen={token}", language=None)
        active = [s["name"] for s in store.accounts.screens() if not s["revoked_at"]]
        revoke = c2.selectbox("Revoke", [""] + active, key="adm_revoke")
        if revoke and c2.button(f"Revoke {revoke}", key="adm_revoke_go"):
            _do(lambda: access.revoke_screen(store, revoke, user), f"Link {revoke} revoked.")

        st.subheader("Feeds")
        feeds = store.feeds.all()
        if feeds:
            st.dataframe([{k: f[k] for k in FEED_COLUMNS} for f in feeds], hide_index=True, width="stretch")
        else:
            st.caption("No feed polled yet: python -m geo watch --feeds FILE (see docs/feeds.md).")

"""Users, failed sign-ins, wall-screen links and local names (aliases, stops), in the store.

Plain storage: hashing passwords, checking roles and learning names are
:mod:`geo.review`'s. Only password *hashes* and screen-token *hashes* are kept.
"""
from __future__ import annotations

import time

from geo.store.reviewing import now


class StorePart:
    """A part of a store's tables with its own methods, reading through the store's current connection
    (which a reconnect replaces)."""

    def __init__(self, store):
        self._store = store

    @property
    def db(self):
        return self._store.db


class Accounts(StorePart):
    """The users and screen links of a store (``store.accounts``)."""

    def users(self) -> list[dict]:
        """Every user (name, role, created_at, changed_at), by name; no hashes."""
        return [dict(r) for r in self.db.execute(
            "SELECT username, role, created_at, changed_at FROM users ORDER BY username")]

    def user(self, username: str) -> dict | None:
        """The user with this name, with its password hash, or None."""
        row = self.db.execute("SELECT * FROM users WHERE username=?", (username,)).fetchone()
        return dict(row) if row else None

    def put_user(self, username: str, role: str, password_hash: str) -> bool:
        """Add a user or replace its role and hash; True if it was added."""
        with self._store.transaction():
            had = self.db.execute("SELECT 1 FROM users WHERE username=?", (username,)).fetchone()
            self.db.execute("INSERT INTO users (username, role, password_hash, created_at) VALUES (?,?,?,?) "
                            "ON CONFLICT (username) DO UPDATE SET role=excluded.role, "
                            "password_hash=excluded.password_hash, changed_at=?",
                            (username, role, password_hash, now(), now()))
        return not had

    def remove_user(self, username: str) -> bool:
        with self._store.transaction():
            return self.db.execute("DELETE FROM users WHERE username=?", (username,)).rowcount > 0

    def count_users(self) -> int:
        return self.db.execute("SELECT count(*) FROM users").fetchone()[0]

    # -- failed sign-ins ---------------------------------------------------
    def failed(self, username: str) -> None:
        """Record a failed sign-in for a name (whether or not the user exists)."""
        with self._store.transaction():
            self.db.execute("INSERT INTO sign_in_failures VALUES (?, ?)", (username, time.time()))
            self.db.execute("DELETE FROM sign_in_failures WHERE at < ?", (time.time() - 86400,))

    def failures(self, username: str, since: float) -> tuple[int, float | None]:
        """How many failed sign-ins for the name since ``since`` (epoch seconds), and the last one's time."""
        n, last = self.db.execute("SELECT count(*), max(at) FROM sign_in_failures WHERE username=? AND at>=?",
                                  (username, since)).fetchone()
        return n, last

    def clear_failures(self, username: str) -> None:
        with self._store.transaction():
            self.db.execute("DELETE FROM sign_in_failures WHERE username=?", (username,))

    # -- wall-screen links -------------------------------------------------
    def put_screen(self, name: str, token_hash: str, created_by: str) -> None:
        with self._store.transaction():
            self.db.execute("INSERT INTO screens (name, token_hash, created_by, created_at) VALUES (?,?,?,?) "
                            "ON CONFLICT (name) DO UPDATE SET token_hash=excluded.token_hash, "
                            "created_by=excluded.created_by, created_at=excluded.created_at, revoked_at=NULL",
                            (name, token_hash, created_by, now()))

    def screen(self, token_hash: str) -> dict | None:
        """The screen link with this token hash, if it is not revoked, or None."""
        row = self.db.execute("SELECT name, created_by, created_at FROM screens WHERE token_hash=? AND revoked_at IS NULL",
                              (token_hash,)).fetchone()
        return dict(row) if row else None

    def screens(self) -> list[dict]:
        return [dict(r) for r in self.db.execute(
            "SELECT name, created_by, created_at, revoked_at FROM screens ORDER BY name")]

    def revoke_screen(self, name: str) -> bool:
        with self._store.transaction():
            return self.db.execute("UPDATE screens SET revoked_at=? WHERE name=? AND revoked_at IS NULL",
                                   (now(), name)).rowcount > 0


class LocalNames(StorePart):
    """Names the analysts taught the parser (``store.local_names``): aliases (a name for a place, in
    a country) and stops (a name that is not a place)."""

    def all(self, kind: str | None = None) -> list[dict]:
        sql, args = "SELECT * FROM local_names", []
        if kind:
            sql += " WHERE kind=?"
            args.append(kind)
        return [dict(r) for r in self.db.execute(sql + " ORDER BY kind, name", args)]

    def put(self, kind: str, name: str, name_key: str, place_id: str | None, country_code: str | None,
            user: str, note: str | None = None) -> int:
        """Add or replace the entry for (kind, name, country); its id."""
        with self._store.transaction():
            self.db.execute("DELETE FROM local_names WHERE kind=? AND name_key=? AND country_code IS NOT DISTINCT FROM ?",
                            (kind, name_key, country_code))
            name_id = self.db.execute(
                'INSERT INTO local_names (kind, name, name_key, place_id, country_code, "user", at, note) '
                "VALUES (?,?,?,?,?,?,?,?) RETURNING name_id",
                (kind, name, name_key, place_id, country_code, user, now(), note)).fetchone()[0]
            self._store.bump()
            return name_id

    def remove(self, name_id: int) -> bool:
        with self._store.transaction():
            gone = self.db.execute("DELETE FROM local_names WHERE name_id=?", (name_id,)).rowcount > 0
            if gone:
                self._store.bump()
            return gone

    def version(self) -> tuple:
        """Changes when an entry is added, changed or removed (the parser reloads them then)."""
        return tuple(self.db.execute("SELECT count(*), coalesce(max(name_id), 0), coalesce(max(at), '') "
                                     "FROM local_names").fetchone())

"""Who may do what: users, roles, passwords, sign-in and wall-screen links.

Three roles, each allowing what the one before does and more:

========  ==============================================================
viewer    read, filter, download
analyst   also review incidents and add articles
admin     also manage users, lexicons, local names and screen links
========  ==============================================================

Passwords are kept only as Argon2id hashes (argon2-cffi: salted, slow on
purpose). A failed sign-in says nothing about whether the user exists (an
unknown name costs the same hash check), and after ``sign_in_attempts``
failures in ``sign_in_window`` seconds each attempt waits, doubling. A wall
screen may read without signing in only through a named link an admin created:
a long random token of which the store keeps only the SHA-256.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from geo import settings
from geo.exc import AccessDenied, ReviewError

ROLES = ("viewer", "analyst", "admin")
#: What each role may do.
PERMISSIONS = {
    "viewer": frozenset({"read"}),
    "analyst": frozenset({"read", "review", "ingest"}),
    "admin": frozenset({"read", "review", "ingest", "admin"}),
}
ACTIONS = ("read", "review", "ingest", "admin")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("not a password of anyone's")


@dataclass(frozen=True)
class User:
    """A signed-in user (or a wall screen: role ``viewer``, ``screen`` its link's name)."""

    name: str
    role: str
    screen: str | None = None

    def may(self, action: str) -> bool:
        return action in PERMISSIONS.get(self.role, ())


def require(user: User | None, action: str) -> User:
    """The user, if its role allows ``action``; else :class:`AccessDenied`."""
    if action not in ACTIONS:
        raise ValueError(f"no action {action!r}")
    if user is None:
        raise AccessDenied(f"sign in to {action}")
    if not user.may(action):
        raise AccessDenied(f"{user.name} ({user.role}) may not {action}")
    return user


def valid_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 64 or any(c.isspace() or not c.isprintable() for c in name):
        raise ReviewError("a user name is 1 to 64 printable characters without spaces")
    return name


def add_user(store, name: str, role: str, password: str) -> bool:
    """Add a user, or change its role and password; True if added."""
    name = valid_name(name)
    if role not in ROLES:
        raise ReviewError(f"no role {role!r}; the roles are {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD:
        raise ReviewError(f"a password has at least {MIN_PASSWORD} characters")
    return store.accounts.put_user(name, role, _HASHER.hash(password))


def set_password(store, name: str, password: str) -> None:
    row = store.accounts.user(name)
    if row is None:
        raise ReviewError(f"no user {name!r}")
    add_user(store, name, row["role"], password)


def sign_in(store, name: str, password: str, clock=time.time) -> User | None:
    """The user if the password is right, else None (the same for a wrong name).

    Raises
    ------
    AccessDenied
        While failed attempts for this name make it wait; says how long.
    """
    name = (name or "").strip()
    wait = wait_seconds(store, name, clock)
    if wait > 0:
        raise AccessDenied(f"too many failed sign-ins; try again in {int(wait) + 1} s")
    row = store.accounts.user(name) if name else None
    try:
        _HASHER.verify(row["password_hash"] if row else _DUMMY, password or "")
        ok = row is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok:
        store.accounts.failed(name)
        return None
    store.accounts.clear_failures(name)
    if _HASHER.check_needs_rehash(row["password_hash"]):
        store.accounts.put_user(name, row["role"], _HASHER.hash(password))
    return User(name, row["role"])


def wait_seconds(store, name: str, clock=time.time) -> float:
    """How long a sign-in for ``name`` must wait now (0: not at all)."""
    now = clock()
    n, last = store.accounts.failures(name, now - settings.get("sign_in_window"))
    over = n - settings.get("sign_in_attempts")
    if over < 0 or last is None:
        return 0.0
    return max(0.0, last + min(300.0, 2.0 ** over) - now)


def current_user(store, name: str) -> User | None:
    """The user as the store has it now (its role may have changed), or None if removed."""
    row = store.accounts.user(name)
    return User(row["username"], row["role"]) if row else None


def remove_user(store, name: str, admin: User) -> bool:
    """Remove a user (admins; not themselves)."""
    require(admin, "admin")
    if name == admin.name:
        raise ReviewError("an admin cannot remove themselves")
    return store.accounts.remove_user(name)


def revoke_screen(store, name: str, admin: User) -> bool:
    """Revoke a wall-screen link (admins)."""
    require(admin, "admin")
    return store.accounts.revoke_screen(name)


def create_screen(store, name: str, admin: User) -> str:
    """A new read-only link token for the wall screen ``name``; shown once, only its hash is kept."""
    require(admin, "admin")
    name = valid_name(name)
    token = secrets.token_urlsafe(32)
    store.accounts.put_screen(name, _token_hash(token), admin.name)
    return token


def screen_user(store, token: str) -> User | None:
    """The read-only user of a screen link, or None if the token is unknown or revoked."""
    if not token or len(token) > 200:
        return None
    found = store.accounts.screen(_token_hash(token))
    return User("screen:" + found["name"], "viewer", found["name"]) if found else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

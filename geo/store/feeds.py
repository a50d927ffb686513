"""What the watcher keeps in the store: feeds' state, items seen, copies of articles, drop-folder files.

Plain storage, as :mod:`~geo.store.accounts` is: polling, fetching and reading
are :mod:`geo.ingest.watching`'s. Kept in the store (not in a file beside the
watcher) so that several watchers, on several machines, share it, and so that
an item is marked seen in the same transaction as its article is written
(:meth:`geo.store.Store.put` with ``feed_item``): a watcher killed at any
moment neither loses an item nor stores it twice.
"""
from __future__ import annotations

from geo.store.accounts import StorePart
from geo.store.reviewing import now

#: Statuses of a feed item that mean "done: never fetch it again".
DONE = ("added", "unchanged", "copy")


class FeedState(StorePart):
    """The feeds, items and drop-folder files of a store (``store.feeds``)."""

    # -- feeds -------------------------------------------------------------
    def feed(self, url: str) -> dict | None:
        """The stored state of a feed, or None if it was never polled."""
        row = self.db.execute("SELECT * FROM feeds WHERE url=?", (url,)).fetchone()
        return dict(row) if row else None

    def all(self) -> list[dict]:
        """Every feed's state, by name."""
        return [dict(r) for r in self.db.execute("SELECT * FROM feeds ORDER BY name, url")]

    def polled(self, url: str, name: str, *, ok: bool, trust: str | None = None, error: str | None = None, etag: str | None = None,
               modified: str | None = None, next_poll: float | None = None, seen: int = 0, added: int = 0,
               copies: int = 0, failed: int = 0) -> None:
        """Record one poll of a feed: its outcome, validators, next time and the items it brought."""
        at = now()
        with self._store.transaction():
            self.db.execute("INSERT INTO feeds (url, name) VALUES (?, ?) ON CONFLICT (url) DO NOTHING", (url, name))
            if ok:
                self.db.execute("UPDATE feeds SET name=?, trust=?, last_poll=?, last_success=?, failures=0, etag=?, "
                                "modified=?, next_poll=?, items_seen=items_seen+?, items_added=items_added+?, "
                                "items_copies=items_copies+?, items_failed=items_failed+? WHERE url=?",
                                (name, trust, at, at, etag, modified, next_poll, seen, added, copies, failed, url))
            else:
                self.db.execute("UPDATE feeds SET name=?, trust=?, last_poll=?, last_error=?, last_error_at=?, "
                                "failures=failures+1, next_poll=?, items_failed=items_failed+? WHERE url=?",
                                (name, trust, at, error, at, next_poll, failed, url))

    # -- items -------------------------------------------------------------
    def wanted(self, key: str, max_attempts: int) -> bool:
        """Whether an item should be fetched: never seen, or failed fewer than ``max_attempts`` times."""
        known = self.item(key)
        return known is None or (known["status"] not in DONE and known["attempts"] < max_attempts)

    def item(self, key: str) -> dict | None:
        """A feed item seen before (by its link or id), or None."""
        row = self.db.execute("SELECT * FROM feed_items WHERE item_key=?", (key,)).fetchone()
        return dict(row) if row else None

    def mark_item(self, key: str, feed_url: str, status: str, article_id: str | None = None,
                  reason: str | None = None) -> None:
        """Record what became of an item (its own transaction)."""
        with self._store.transaction():
            mark_item(self.db, key, feed_url, status, article_id, reason)

    def add_copy(self, article_id: str, url: str, source: str | None, key: str, feed_url: str) -> None:
        """The stored article ``article_id`` was published again at ``url`` (another outlet): one more
        source for its incidents, and the item is done."""
        with self._store.transaction():
            self.db.execute("INSERT INTO article_copies (article_id, url, source, seen_at) VALUES (?,?,?,?) "
                            "ON CONFLICT (article_id, url) DO NOTHING", (article_id, url, source, now()))
            mark_item(self.db, key, feed_url, "copy", article_id)
            self._store.bump()

    # -- drop folders ------------------------------------------------------
    def drop_file(self, folder: str, name: str, sha256: str) -> dict | None:
        """The record of a file with this content already taken from the folder, or None."""
        row = self.db.execute("SELECT * FROM drop_files WHERE folder=? AND name=? AND sha256=?",
                              (folder, name, sha256)).fetchone()
        return dict(row) if row else None

    def mark_drop_file(self, folder: str, name: str, sha256: str, status: str, reason: str | None = None) -> None:
        with self._store.transaction():
            self.db.execute("INSERT INTO drop_files (folder, name, sha256, status, reason, at) VALUES (?,?,?,?,?,?) "
                            "ON CONFLICT (folder, name, sha256) DO UPDATE SET status=excluded.status, "
                            "reason=excluded.reason, at=excluded.at", (folder, name, sha256, status, reason, now()))


def mark_item(db, key: str, feed_url: str, status: str, article_id: str | None = None,
              reason: str | None = None) -> None:
    """Record an item's outcome inside the open transaction (a failure counts one more attempt)."""
    db.execute("INSERT INTO feed_items (item_key, feed_url, article_id, status, reason, seen_at) "
               "VALUES (?,?,?,?,?,?) ON CONFLICT (item_key) DO UPDATE SET feed_url=excluded.feed_url, "
               "article_id=excluded.article_id, status=excluded.status, reason=excluded.reason, "
               "seen_at=excluded.seen_at, attempts=feed_items.attempts+1",
               (key, feed_url, article_id, status, reason, now()))

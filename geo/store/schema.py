"""Schema parts both backends write with the same SQL (types that SQLite and PostgreSQL both read).

Version 4 adds the feeds the watcher polls (with their conditional-request
validators, backoff and counts), every feed item seen (so an item is fetched
once), the files a drop folder delivered, and the copies of a stored article
that other outlets published (the same text: parsed once, counted as another
source).
"""

FEEDS_4 = """
CREATE TABLE feeds (
    url TEXT PRIMARY KEY, name TEXT, trust TEXT,
    etag TEXT, modified TEXT,               -- validators for the next conditional request
    last_poll TEXT, last_success TEXT, last_error TEXT, last_error_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,    -- errors in a row: the backoff grows with them
    next_poll DOUBLE PRECISION,             -- epoch seconds
    items_seen INTEGER NOT NULL DEFAULT 0, items_added INTEGER NOT NULL DEFAULT 0,
    items_copies INTEGER NOT NULL DEFAULT 0,    -- texts stored already from another link (wire copies)
    items_failed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE feed_items (
    item_key TEXT PRIMARY KEY,              -- the item's link, else its id
    feed_url TEXT NOT NULL, article_id TEXT,
    status TEXT NOT NULL,                   -- added | unchanged | copy | failed
    attempts INTEGER NOT NULL DEFAULT 1, reason TEXT, seen_at TEXT NOT NULL
);
CREATE TABLE article_copies (
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    url TEXT NOT NULL, source TEXT, seen_at TEXT NOT NULL,
    PRIMARY KEY (article_id, url)
);
CREATE TABLE drop_files (
    name TEXT NOT NULL, sha256 TEXT NOT NULL, folder TEXT NOT NULL,
    status TEXT NOT NULL,                   -- ingested | rejected
    reason TEXT, at TEXT NOT NULL,
    PRIMARY KEY (folder, name, sha256)
)
"""

"""Sightings: every URL (or id, for a record without one) under which a stored article's text was seen.

The writer stores a text once: the same text under another URL (another outlet running a wire
story verbatim) is a copy, and no article of its own. Its sighting is what is kept of it: where,
from which outlet, dated when, ingested when, keyed to the stored article. Every article has the
sighting of its own record too, so an article's sightings are every outlet that ran its text.

One row per URL (or id), as the writer knows a record: what was seen there last. A record seen
again as it was changes nothing. A new version of an article takes its old version's sightings
when the text is the same (an extraction run again), else they go with the old version (the
copies ran a text no longer stored). The old version's own URL (or id) is not taken when the new
one has another: the article moved, and is no copy of itself.

The writer plans a batch's sightings (`BatchSightings`); the committer reads the stored ones that
new versions take (`carried_rows`) before it deletes the versions they replace, and writes the
batch's (`write`) after its articles.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update

from newsgraph.store import schema as t
from newsgraph.store.schema import in_chunks

COLUMNS = ("seen_as", "article_id", "record_id", "url", "source", "published", "ingested_at")


def seen_as(url: Any, record_id: Any) -> str:
    """A record's key: its URL, else its id (marked: an id is no URL). Migration 9 computes it in SQL."""
    return url if url else f"id:{record_id}"


def sighting(record: dict, article_id: str, ingested_at: str) -> tuple:
    """The row of `record`, seen as (a copy of) the article `article_id`, in COLUMNS order."""
    return (seen_as(record.get("url"), record["id"]), article_id, str(record["id"]), record.get("url"),
            record.get("source"), record.get("published"), ingested_at)


class BatchSightings:
    """The sightings a batch writes, as the writer plans it, record by record: the last row of each
    key; rows re-pointed or dropped as articles of the batch are replaced; and which stored
    articles' sightings the batch's new versions take."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple] = {}  # seen_as -> row
        self._keys: defaultdict[str, list[str]] = defaultdict(list)  # article id -> keys once planned for it
        self.carried: dict[str, str] = {}  # article of the batch -> the stored one whose sightings it takes
        self.dropped: set[str] = set()  # keys of rows planned for an article replaced since by another text

    def see(self, record: dict, article_id: str, ingested_at: str) -> None:
        row = sighting(record, article_id, ingested_at)
        self.rows[row[0]] = row
        self._keys[article_id].append(row[0])
        self.dropped.discard(row[0])

    def replace(self, old_id: str, new_id: str, same_text: bool, stored: bool, old_key: str, new_key: str) -> None:
        """The article `old_id` (`stored`, or being written: else one of this batch), its own record
        seen as `old_key`, is replaced by `new_id`, seen as `new_key`: with `same_text` its
        sightings are the new one's (but `old_key`, if it is not `new_key`), else they go."""
        moved = old_key if same_text and old_key != new_key else None
        for key in self._keys.pop(old_id, []):
            row = self.rows.get(key)
            if row is None or row[1] != old_id:  # planned for another article since
                continue
            if same_text and key != moved:
                self.rows[key] = (key, new_id, *row[2:])
                self._keys[new_id].append(key)
            else:  # a row stored under this key (of any article) was overwritten by this one: it goes too
                del self.rows[key]
                self.dropped.add(key)
        if moved is not None:  # the stored row, carried otherwise
            self.dropped.add(moved)
        taken = old_id if stored else self.carried.pop(old_id, None)
        if taken is not None and same_text:
            self.carried[new_id] = taken


def carried_rows(conn: Connection, carried: dict[str, str], dropped: Collection[str]) -> list[tuple]:
    """The stored sightings that new versions take ({new id: replaced id}), as theirs: read before the
    replaced articles' rows (these among them) are deleted. Not those of `dropped` keys: the batch
    saw them run another text since, which went too (as committed batches of one record each would
    have left them)."""
    if not carried:
        return []
    new_of = {old: new for new, old in carried.items()}
    s = t.sightings.c
    olds = sorted(new_of)
    rows: list[tuple] = []
    for chunk in in_chunks(olds):
        query = select(*(s[c] for c in COLUMNS)).where(s.article_id.in_(chunk))
        rows += [(row[0], new_of[row[1]], *row[2:]) for row in conn.execute(query) if row[0] not in dropped]
    return rows


def write(conn: Connection, rows: list[tuple], dropped: list[str],
          insert_many: Callable[[list[tuple]], None]) -> set[str]:
    """Write sightings (the later of two rows of a key wins): new keys inserted, changed rows
    updated (one seen as it was is left alone, first ingested_at and all), `dropped` keys deleted.
    `insert_many` inserts rows in COLUMNS order. Returns the stories of the articles that lost a
    sighting to another article, or to none: their copies are counted again."""
    latest = {row[0]: row for row in rows}
    keys = sorted(latest.keys() | set(dropped))
    if not keys:
        return set()
    s, a = t.sightings.c, t.articles.c
    stored: dict[str, tuple] = {}
    for chunk in in_chunks(keys):
        query = (select(*(s[c] for c in COLUMNS), a.story_id)
                 .join_from(t.sightings, t.articles, a.id == s.article_id, isouter=True).where(s.seen_as.in_(chunk)))
        stored.update((row[0], tuple(row)) for row in conn.execute(query))
    new = [row for key, row in latest.items() if key not in stored]
    changed = [row for key, row in latest.items() if key in stored and stored[key][1:6] != row[1:6]]
    gone = [key for key in dropped if key in stored and key not in latest]
    insert_many(new)
    if changed:
        values = {c: bindparam(f"new_{c}") for c in COLUMNS[1:]}
        conn.execute(update(t.sightings).where(s.seen_as == bindparam("key")).values(values),
                     [{"key": row[0], **{f"new_{c}": v for c, v in zip(COLUMNS[1:], row[1:])}} for row in changed])
    for chunk in in_chunks(gone):
        conn.execute(delete(t.sightings).where(s.seen_as.in_(chunk)))
    return {stored[key][-1] for key in [row[0] for row in changed] + gone
            if stored[key][-1] is not None and (key in gone or stored[key][1] != latest[key][1])}

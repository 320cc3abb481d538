"""WordIndex: SQLite's full-text index of the articles (`articles_fts`) copied into numpy arrays, so a
search's matching articles and their BM25 ranks cost a few array operations instead of an FTS5 query
that reads, and for ranking decodes, every posting of the words on each search.

Exactly FTS5's answers, not an approximation of them:
- the terms and postings are FTS5's own, read from an `fts5vocab` table of the store's index (one
  query per term; the instances of a term come doc after doc, so numpy turns them into postings);
- query words are tokenised and stemmed by FTS5 itself, through a small in-memory FTS5 table with the
  store's `tokenize=` option (read from its schema) and that table's own `fts5vocab`;
- the score is FTS5's `bm25()` with its constants and arithmetic (fts5_aux.c): for each phrase
  idf * f * (k1 + 1) / (f + k1 * (1 - b + b * D / avgdl)), summed over the phrases in query order,
  with the row count and token total from the index's own averages record and D from its docsize
  table. `rank` is `bm25()` without weights, so every column weighs 1 and f is the term's
  instances in the whole row.
A word FTS5 reads as several tokens ("a_b": a phrase) or none is not answered here (`terms` returns
None) and the caller asks FTS5; `_fts5_query` never passes FTS5 syntax (NEAR, OR, prefix*).

After a commit the index is brought up to date from the last one: articles added since (rows above
its highest rowid, which the writer's inserts always are) are tokenised by FTS5 in memory and their
postings appended, deleted ones are dropped; it is read whole again when an article was replaced
(the writer keeps a changed article's pk and stamps it with a later `ingested_at`) or when the
index's own totals disagree with that (a row edited in place by other means than the writer). Memory: 6 bytes a
posting (int32 rowid, uint16 instances), 110 MB for the bench's 100,000 articles (18.2 million
postings), held once per server process.
"""
from __future__ import annotations

import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import numpy as np

K1, B = 1.2, 0.75  # fts5_aux.c: bm25()'s k1 and b
FTS_TABLE = "articles_fts"


def fts_path(store) -> str | None:
    """The SQLite file of a file-backed store (None for Postgres or in-memory stores)."""
    if store.dialect != "sqlite":
        return None
    database = store.engine.url.database
    return database if database and database != ":memory:" and not database.startswith("file:") else None


def read_connection(path: str) -> sqlite3.Connection:
    """A connection of the index's own: read-only on the file (its temp schema holds the vocab tables,
    which a `query_only` connection of the read pool may not create)."""
    connection = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=ro", uri=True, check_same_thread=False,
                                 isolation_level=None)
    connection.execute("PRAGMA busy_timeout=5000")
    return connection


def varints(blob: bytes) -> list[int]:
    """SQLite's variable-length integers (FTS5's averages and docsize records): big-endian groups of
    7 bits, the high bit set on all but the last byte; a ninth byte gives all its 8 bits."""
    values, value, length = [], 0, 0
    for byte in blob:
        length += 1
        if length == 9:
            values.append((value << 8) | byte)
            value = length = 0
        elif byte & 0x80:
            value = (value << 7) | (byte & 0x7F)
        else:
            values.append((value << 7) | byte)
            value = length = 0
    return values


class Stemmer:
    """Texts as FTS5 tokenises them, by an in-memory FTS5 table with the store's tokenizer."""

    def __init__(self, tokenize: str, columns: int = 1):
        self.tokenize, self.columns = tokenize, [f"c{i}" for i in range(columns)]
        self._db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self._db.execute(f"CREATE VIRTUAL TABLE words USING fts5({', '.join(self.columns)}, tokenize={_quoted(tokenize)})")
        self._db.execute("CREATE VIRTUAL TABLE words_vocab USING fts5vocab(words, instance)")
        self._lock = threading.Lock()
        self.terms_of = lru_cache(maxsize=65536)(self._terms_of)
        self.articles: Stemmer | None = None  # for whole articles (WordIndex.updated)

    def _terms_of(self, word: str) -> tuple[str, ...]:
        """The terms FTS5 makes of `word`, in order."""
        return tuple(term for term, _ in self.tokens([(1, (word,))])[1])

    def tokens(self, rows: list[tuple[int, tuple[str, ...]]]) -> dict[int, list[tuple[str, str]]]:
        """Each row's (term, column) instances in order; rows as (rowid, one value per column)."""
        found: dict[int, list[tuple[str, str]]] = {rowid: [] for rowid, _ in rows}
        if not rows:
            return found
        insert = f"INSERT INTO words(rowid, {', '.join(self.columns)}) VALUES ({', '.join('?' * (1 + len(self.columns)))})"
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(insert, [(rowid, *values) for rowid, values in rows])
                for term, doc, column in self._db.execute("SELECT term, doc, col FROM words_vocab ORDER BY doc, col, offset"):
                    found[doc].append((term, column))
            finally:
                self._db.execute("ROLLBACK")  # the table stays empty
        return found

    def postings(self, rows: list[tuple[int, tuple[str, ...]]]) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """The rows' postings, term by term: (term, rowids ascending, instances per rowid)."""
        if not rows:
            return []
        insert = f"INSERT INTO words(rowid, {', '.join(self.columns)}) VALUES ({', '.join('?' * (1 + len(self.columns)))})"
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(insert, [(rowid, *values) for rowid, values in rows])
                # each term's instances as one string of rowids: numpy counts them, not a Python row each
                joined = self._db.execute("SELECT term, group_concat(doc) FROM words_vocab GROUP BY term").fetchall()
            finally:
                self._db.execute("ROLLBACK")
        return [(term, *_postings(found, ordered=False)) for term, found in joined]


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def tokenizer_of(connection: sqlite3.Connection, table: str = FTS_TABLE) -> str:
    """The `tokenize=` option the FTS5 table was created with (FTS5's default when it has none)."""
    sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    found = re.search(r"tokenize\s*=\s*(?:'((?:[^']|'')*)'|\"((?:[^\"]|\"\")*)\")", sql, re.IGNORECASE)
    if not found:
        return "unicode61"
    return found.group(1).replace("''", "'") if found.group(1) is not None else found.group(2).replace('""', '"')


@dataclass
class _Totals:
    """What FTS5's bm25() reads from the index besides the postings."""
    rows: int  # rows in the index (N)
    tokens: int  # tokens in every column of every row
    top: int  # highest rowid indexed
    latest: str  # the newest articles.ingested_at: a row at or below `top` stamped later was replaced in place


def _totals(connection: sqlite3.Connection) -> _Totals:
    averages = connection.execute(f"SELECT block FROM {FTS_TABLE}_data WHERE id = 1").fetchone()
    values = varints(averages[0]) if averages and averages[0] else [0]
    top = connection.execute(f"SELECT coalesce(max(id), 0) FROM {FTS_TABLE}_docsize").fetchone()[0]
    latest = connection.execute("SELECT coalesce(max(ingested_at), '') FROM articles").fetchone()[0]
    return _Totals(values[0], sum(values[1:]), top, latest)


def _sizes(connection: sqlite3.Connection, above: int) -> tuple[np.ndarray, np.ndarray]:
    """(rowids, tokens per row) of the docsize records of the rows above `above`."""
    rows = connection.execute(f"SELECT id, sz FROM {FTS_TABLE}_docsize WHERE id > ? ORDER BY id", (above,)).fetchall()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    sizes = np.fromiter((sum(varints(r[1])) for r in rows), dtype=np.int64, count=len(rows))
    return ids, sizes


class WordIndex:
    """Terms -> postings (rowids ascending, instances per row) as one CSR layout, plus each row's length."""

    def __init__(self, version: Any, stemmer: Stemmer, terms: dict[str, int], offsets: np.ndarray,
                 docs: np.ndarray, counts: np.ndarray, lengths: np.ndarray, totals: _Totals):
        self.version, self.stemmer, self.totals = version, stemmer, totals
        self.terms, self.offsets, self.docs, self.counts, self.lengths = terms, offsets, docs, counts, lengths
        self.avgdl = totals.tokens / totals.rows if totals.rows else 1.0

    @property
    def nbytes(self) -> int:
        return self.offsets.nbytes + self.docs.nbytes + self.counts.nbytes + self.lengths.nbytes

    # --- reading ------------------------------------------------------------------------------------

    @classmethod
    def read(cls, path: str, version: Any, stemmer: Stemmer | None = None) -> WordIndex:
        """The whole index, read in one transaction (one snapshot of the store)."""
        connection = read_connection(path)
        try:
            tokenize = tokenizer_of(connection)
            if stemmer is None or stemmer.tokenize != tokenize:  # the table was made again, another way
                stemmer = Stemmer(tokenize, columns=1)
            connection.execute(f"CREATE VIRTUAL TABLE temp.fts_rows USING fts5vocab(main, {FTS_TABLE}, row)")
            connection.execute(f"CREATE VIRTUAL TABLE temp.fts_instances USING fts5vocab(main, {FTS_TABLE}, instance)")
            connection.execute("BEGIN")
            try:
                totals = _totals(connection)
                listed = connection.execute("SELECT term, doc, cnt FROM temp.fts_rows").fetchall()
                offsets = np.zeros(len(listed) + 1, dtype=np.int64)
                offsets[1:] = np.cumsum([n for _, n, _ in listed])
                docs = np.empty(offsets[-1], dtype=np.int32 if totals.top < 2**31 else np.int64)
                counts = np.empty(offsets[-1], dtype=np.uint16)  # widened if a row holds a term more often
                cursor = connection.cursor()
                for i, (term, _, _) in enumerate(listed):
                    joined = cursor.execute("SELECT group_concat(doc) FROM temp.fts_instances WHERE term = ?",
                                            (term,)).fetchone()[0]
                    rowids, instances = _postings(joined)
                    docs[offsets[i]:offsets[i + 1]] = rowids
                    if instances.max() > np.iinfo(counts.dtype).max:
                        counts = counts.astype(np.uint32)
                    counts[offsets[i]:offsets[i + 1]] = instances
                ids, sizes = _sizes(connection, 0)
            finally:
                connection.execute("COMMIT")
        finally:
            connection.close()
        lengths = np.zeros(totals.top + 1, dtype=np.float64)
        lengths[ids] = sizes
        return cls(version, stemmer, {term: i for i, (term, _, _) in enumerate(listed)}, offsets, docs, counts,
                   lengths, totals)

    def updated(self, path: str, version: Any) -> WordIndex:
        """This index brought up to the store's current state: new rows (above the highest rowid it
        holds) tokenised and appended, deleted rows dropped; read whole when FTS5's totals disagree."""
        connection = read_connection(path)
        try:
            connection.execute("BEGIN")
            try:
                totals = _totals(connection)
                held = connection.execute(f"SELECT count(*) FROM {FTS_TABLE}_docsize WHERE id <= ?",
                                          (self.totals.top,)).fetchone()[0]
                old_ids = None if held == self.totals.rows else np.fromiter((r[0] for r in connection.execute(
                    f"SELECT id FROM {FTS_TABLE}_docsize WHERE id <= ?", (self.totals.top,))), dtype=np.int64)
                new_ids, new_sizes = _sizes(connection, self.totals.top)
                new_rows = connection.execute(
                    f"SELECT pk, title, text FROM articles WHERE pk > ? ORDER BY pk", (self.totals.top,)).fetchall()
                # the writer gives a changed article its old pk: its new words may even have the old count
                replaced = connection.execute("SELECT 1 FROM articles WHERE pk <= ? AND ingested_at > ? LIMIT 1",
                                              (self.totals.top, self.totals.latest)).fetchone()
            finally:
                connection.execute("COMMIT")
        finally:
            connection.close()
        gone = None  # rows held that are no longer in the index (replaced articles), if any
        if old_ids is not None:
            present = np.zeros(len(self.lengths), dtype=bool)
            present[old_ids] = True
            gone = (self.lengths > 0) & ~present
        kept_tokens = self.totals.tokens - (int(self.lengths[gone].sum()) if gone is not None else 0)
        if (replaced or len(new_rows) != len(new_ids) or [r[0] for r in new_rows] != new_ids.tolist()
                or totals.rows != held + len(new_ids) or totals.tokens != kept_tokens + int(new_sizes.sum())):
            return WordIndex.read(path, version, self.stemmer)
        index = self._without(gone) if gone is not None and gone.any() else self
        return index._with(new_rows, new_ids, new_sizes, totals, version)

    def _without(self, gone: np.ndarray) -> WordIndex:
        keep = ~gone[self.docs]
        kept_per_term = np.add.reduceat(keep, self.offsets[:-1]) if len(keep) else np.zeros(0, dtype=np.int64)
        kept_per_term[np.diff(self.offsets) == 0] = 0  # reduceat gives an empty segment its next element
        offsets = np.zeros_like(self.offsets)
        offsets[1:] = np.cumsum(kept_per_term)
        lengths = np.where(gone, 0.0, self.lengths)
        return WordIndex(self.version, self.stemmer, self.terms, offsets, self.docs[keep], self.counts[keep],
                         lengths, self.totals)

    def _with(self, rows: list[tuple], ids: np.ndarray, sizes: np.ndarray, totals: _Totals, version: Any) -> WordIndex:
        """Append the postings of `rows` (rowid, title, text), all above every rowid held."""
        if self.stemmer.articles is None:  # a two-column table like the store's (title, text), made once
            self.stemmer.articles = Stemmer(self.stemmer.tokenize, columns=2)
        found = self.stemmer.articles.postings([(pk, (title or "", text or "")) for pk, title, text in rows])
        terms = dict(self.terms)
        for term, _, _ in found:
            terms.setdefault(term, len(terms))
        lengths = np.zeros(max(totals.top, self.totals.top) + 1, dtype=np.float64)
        lengths[:len(self.lengths)] = self.lengths
        lengths[ids] = sizes
        if not found:
            return WordIndex(version, self.stemmer, terms, self.offsets, self.docs, self.counts, lengths, totals)
        # rowids are above every held one, so each term's new postings go right after its old ones (a
        # new term's at the end); in term order, as np.insert keeps values for one position in order
        add_term = np.repeat(np.fromiter((terms[term] for term, _, _ in found), dtype=np.int64, count=len(found)),
                             [len(docs) for _, docs, _ in found])
        add_doc = np.concatenate([docs for _, docs, _ in found])
        instances = np.concatenate([counts for _, _, counts in found])
        order = np.lexsort((add_doc, add_term))
        add_term, add_doc, instances = add_term[order], add_doc[order], instances[order]
        old_ends = np.full(len(terms), self.offsets[-1], dtype=np.int64)
        old_ends[:len(self.offsets) - 1] = self.offsets[1:]
        docs = self.docs if totals.top < np.iinfo(self.docs.dtype).max else self.docs.astype(np.int64)
        counts = self.counts if instances.max() <= np.iinfo(self.counts.dtype).max else self.counts.astype(np.uint32)
        docs = np.insert(docs, old_ends[add_term], add_doc)  # one pass: no index array per posting
        counts = np.insert(counts, old_ends[add_term], instances)
        offsets = np.zeros(len(terms) + 1, dtype=np.int64)
        offsets[1:] = old_ends + np.cumsum(np.bincount(add_term, minlength=len(terms)))
        return WordIndex(version, self.stemmer, terms, offsets, docs, counts, lengths, totals)

    # --- searching ----------------------------------------------------------------------------------

    def terms_of(self, words: list[str]) -> list[str] | None:
        """The one term each word is to FTS5 (repeats kept: each is a phrase of its own), or None when a
        word is several tokens or none (FTS5 reads it as a phrase: ask FTS5)."""
        terms = []
        for word in words:
            made = self.stemmer.terms_of(word)
            if len(made) != 1:
                return None
            terms.append(made[0])
        return terms

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        i = self.terms.get(term)
        if i is None:
            return self.docs[:0], self.counts[:0]
        return self.docs[self.offsets[i]:self.offsets[i + 1]], self.counts[self.offsets[i]:self.offsets[i + 1]]

    def matches(self, terms: list[str]) -> np.ndarray:
        """Rowids (int64, ascending) of the rows holding every term."""
        lists = sorted((self.postings(term)[0] for term in set(terms)), key=len)
        found = lists[0].astype(np.int64)
        for other in lists[1:]:
            if not len(found):
                break
            at = np.searchsorted(other, found)
            at[at == len(other)] = 0
            found = found[other[at] == found] if len(other) else found[:0]
        return found

    def ranked(self, terms: list[str], rowids: np.ndarray) -> np.ndarray:
        """`rowids` (each holding every term) best first, as FTS5's `ORDER BY rank, rowid`."""
        rowids = np.asarray(rowids, dtype=np.int64)
        score = np.zeros(len(rowids), dtype=np.float64)
        lengths = self.lengths[rowids]
        for term in terms:  # in query order: the sum is bm25()'s, in its order
            docs, counts = self.postings(term)
            at = np.minimum(np.searchsorted(docs, rowids), max(len(docs) - 1, 0))
            frequency = np.where(docs[at] == rowids, counts[at], 0).astype(np.float64) if len(docs) else score * 0
            hits = len(docs)
            idf = np.log((self.totals.rows - hits + 0.5) / (hits + 0.5))
            idf = idf if idf > 0.0 else 1e-6
            score += idf * ((frequency * (K1 + 1.0)) / (frequency + K1 * (1 - B + B * lengths / self.avgdl)))
        return rowids[np.lexsort((rowids, -score))]


def _postings(joined: str | None, ordered: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """A term's instances as rowids (one per instance; ascending if `ordered`, as fts5vocab lists one
    term's) -> (rowids ascending, instances per rowid)."""
    if not joined:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    each = np.fromstring(joined, dtype=np.int64, sep=",")
    if not ordered:
        each.sort()
    starts = np.flatnonzero(np.concatenate(([True], each[1:] != each[:-1])))
    return each[starts], np.diff(np.append(starts, len(each)))

"""Near-duplicate copies and story clusters, by MinHash/LSH over article texts (datasketch's scheme and band sizes).

Two signatures per article:
- copies: MinHash of word 5-shingles. A syndicated or lightly edited copy shares most shingles
  with its original (estimated Jaccard >= `duplicate_threshold`) and is marked `duplicate_of` the
  first copy the index saw (its root: a copy of a copy points to the original);
- stories: MinHash of the set of content words (stop words and short words left out). Articles of
  different outlets on one event share names, places and numbers; one whose estimated Jaccard with
  an earlier article is >= `story_threshold`, published within `window_days` of it, joins its story.

Only originals are indexed for search (a copy is found through its original), so a story run a
thousand times does not slow the next article down. Words are hashed with crc32 (stable across
processes, unlike hash(), and cheaper than datasketch's default sha1).

Everything is derived from (article_id, text, published), so a store rebuilds the index by adding
its stored articles again in the order it first added them (or sorted by `published`, which makes
the root of each group its earliest copy), or restores it without the texts from the
`StorySignature`s it kept. Story ids are "story:" + the id of the story's first article: the same
input in the same order gives the same ids.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from itertools import chain
from typing import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsgraph.resources import read_lines

_WORD = re.compile(r"\w+")
SHINGLE_WORDS = 5
_MIN_CONTENT_WORD = 4
_SCHEME = "affine32"
_FNV_PRIME = np.uint64(0x01000193)
_MASK32 = np.uint64(0xFFFFFFFF)
_EMPTY32 = np.uint32(0xFFFFFFFF)  # datasketch's value of a MinHash that saw nothing (affine32)
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)  # MurmurHash3's finaliser, which affine32 applies first
STOP_WORDS_FILE = "resolve/stop_words.txt"


@dataclass(frozen=True)
class StoryAssignment:
    duplicate_of: str | None  # the article this one is a copy of (the group's first copy), or None
    story_id: str


@dataclass(frozen=True)
class StorySignature:
    """What a store keeps of one article to restore the index without reading texts again."""

    article_id: str
    published: str | None
    digest: str  # of the text: an article added again with the same digest is unchanged
    copies: bytes  # MinHash values (uint32, little-endian) of the word shingles
    story: bytes  # MinHash values of the content words
    duplicate_of: str | None
    story_id: str


@dataclass
class _Entry:
    digest: str
    published_text: str | None
    published: date | None
    copy_signature: np.ndarray
    story_signature: np.ndarray
    assignment: StoryAssignment


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(read_lines(STOP_WORDS_FILE))


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


# ASCII bytes as `words` treats them: word characters (\w) kept, upper case made lower (casefold),
# any other ASCII byte a space; bytes of non-ASCII characters are kept for `word_bytes` to look at
_ASCII_WORD_BYTES = bytes(
    b + 32 if 65 <= b <= 90 else b if b >= 128 or chr(b).isalnum() or b == 95 else 32 for b in range(256))

_NON_ASCII = re.compile(rb"[\x80-\xff]+")
# UTF-8 of Unicode's General Punctuation block (U+2000-U+206F: spaces, dashes, typographic quotes,
# ellipsis), in which no character is a word character or changes when casefolded: the non-ASCII
# characters of most English news texts, made spaces like ASCII punctuation
_GENERAL_PUNCTUATION = re.compile(rb"\xe2(?:\x80[\x80-\xbf]|\x81[\x80-\xaf])")


def word_bytes(text: str) -> list[bytes]:
    """`words(text)`, each UTF-8 encoded, from a byte translation and split: two to five times as
    fast as the regular expression on news texts. Casefolding goes character by character, and an
    ASCII character that is not a word character (nor one of General Punctuation) is a non-word
    character whatever surrounds it, so the runs between them have the words `words` finds; a run
    with another non-ASCII character is split by `words` itself."""
    translated = text.encode("utf-8", "surrogatepass").translate(_ASCII_WORD_BYTES)
    if text.isascii():
        return translated.split()
    translated = _GENERAL_PUNCTUATION.sub(b" ", translated)
    if translated.isascii():
        return translated.split()
    found: list[bytes] = []
    done = 0  # translated[:done] is in `found`
    for high in _NON_ASCII.finditer(translated):
        if high.start() < done:
            continue  # in the run of an earlier one
        start = translated.rfind(b" ", 0, high.start()) + 1
        end = translated.find(b" ", high.end())
        end = len(translated) if end < 0 else end
        found += translated[done:start].split()
        found += [w.encode("utf-8", "surrogatepass") for w in words(translated[start:end].decode("utf-8", "surrogatepass"))]
        done = end
    found += translated[done:].split()
    return found


def word_hashes(tokens: list[str]) -> np.ndarray:
    """crc32 of each word: stable across processes (unlike hash()), and fast."""
    return np.fromiter(map(_word_hash, tokens), dtype=np.uint64, count=len(tokens))


def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


class _Vocabulary(dict):
    """UTF-8 word (`word_bytes`) -> its row of two arrays: its crc32 and whether it is a content
    word, so that an article's tokens cost one dict lookup each (misses filled by __missing__). The
    cache of both: cleared when it reaches `limit` words."""

    def __init__(self, limit: int = 1 << 20) -> None:
        super().__init__()
        self.limit = limit
        self._hashes = np.empty(4096, dtype=np.uint64)
        self._content = np.empty(4096, dtype=bool)

    def __missing__(self, word: bytes) -> int:
        row = len(self)
        if row == len(self._hashes):
            self._hashes = np.resize(self._hashes, 2 * row)
            self._content = np.resize(self._content, 2 * row)
        self._hashes[row] = zlib.crc32(word)  # _word_hash of the word
        self._content[row] = _is_content_word(word.decode("utf-8", "surrogatepass"))
        self[word] = row
        return row

    def hashes_and_content(self, tokens: Iterable[bytes], count: int) -> tuple[np.ndarray, np.ndarray]:
        """word_hashes of the `count` tokens, and which tokens are content words."""
        if len(self) + count > self.limit:
            self.clear()
        rows = np.fromiter(map(self.__getitem__, tokens), dtype=np.intp, count=count)
        return self._hashes[rows], self._content[rows]


def shingle_hashes(hashes: np.ndarray, size: int = SHINGLE_WORDS, distinct: bool = True) -> np.ndarray:
    """32-bit hashes of every run of `size` words, combined from the word hashes (FNV-style);
    `distinct=False` keeps repeats (a MinHash does not see them, and sorting them out costs)."""
    if len(hashes) == 0:
        return hashes
    count = max(len(hashes) - size + 1, 1)
    combined = np.zeros(count, dtype=np.uint64)
    for k in range(min(size, len(hashes))):
        combined = ((combined * _FNV_PRIME) ^ hashes[k : k + count]) & _MASK32
    return np.unique(combined) if distinct else combined


def shingles_of(hashes: np.ndarray, sizes: list[int], size: int = SHINGLE_WORDS) -> list[np.ndarray]:
    """`shingle_hashes(..., distinct=False)` of each of several texts' word hashes, given one after
    another in `hashes` (`sizes`: each text's number of words): the combining runs once over them
    all, and each text takes its windows (those that cross into the next text are left)."""
    count = max(len(hashes) - size + 1, 0)
    combined = np.zeros(count, dtype=np.uint64)
    for k in range(size):
        combined = ((combined * _FNV_PRIME) ^ hashes[k : k + count]) & _MASK32
    found, start = [], 0
    for words_ in sizes:
        found.append(combined[start:start + words_ - size + 1] if words_ >= size
                     else shingle_hashes(hashes[start:start + words_], size, distinct=False))
        start += words_
    return found


_MINHASH_BLOCK = 2048  # features a (features x permutations) array holds at most: it stays in the cache


def minhash_values_of(features: tuple[np.ndarray, ...], permutations: np.ndarray) -> list[np.ndarray]:
    """The hash values datasketch's `MinHash(scheme="affine32", hashfunc=int).update_batch(hashes)`
    gives for each array of hashes, in one numpy pass over them all: the object's constructor and
    its per-value Python loop cost more than the arithmetic at a few hundred features per article,
    and the arrays of many articles pay for each numpy call (~1 us) once (all the arrays in blocks of
    about `_MINHASH_BLOCK` features)."""
    s1, m1, s2, m2, s3 = _FMIX32
    hv = np.concatenate(features).astype(np.uint32)  # a copy: updated in place below
    hv ^= hv >> s1
    hv *= np.uint32(m1)
    hv ^= hv >> s2
    hv *= np.uint32(m2)
    hv ^= hv >> s3
    a, b = permutations
    empty = np.full(permutations.shape[1], _EMPTY32, dtype=np.uint32)
    found: list[np.ndarray] = []
    sizes = [len(f) for f in features]
    first = start = 0  # the block's first array, and its first feature
    while first < len(sizes):
        last, end = first + 1, start + sizes[first]
        while last < len(sizes) and end + sizes[last] <= start + _MINHASH_BLOCK:
            end += sizes[last]
            last += 1
        # one (features x permutations) array, updated in place: a temporary less, and no broadcasting
        # of a column (2.4x faster than `(hv.reshape(-1, 1) * a + b).min(axis=0)`)
        values = np.multiply.outer(hv[start:end], a)
        values += b  # uint32 arithmetic wraps, as the scheme's modulo 2^32 intends
        at = 0
        for size in sizes[first:last]:
            found.append(values[at:at + size].min(axis=0) if size else empty.copy())
            at += size
        first, start = last, end
    return found


@lru_cache(maxsize=16)
def _lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's (bands, rows) for a threshold: found by numerical integration, so once per process."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


class _BandIndex:
    """LSH over MinHash values: `query` gives the keys whose values equal the query's on every row
    of at least one band, as datasketch's MinHashLSH does with the same (bands, rows), without its
    MinHash objects and checks on each call (which cost more than the lookups)."""

    def __init__(self, bands: int, rows: int) -> None:
        width = rows * np.dtype(np.uint32).itemsize  # bytes of one band
        self._ranges = [(i * width, (i + 1) * width) for i in range(bands)]
        self._tables: list[dict[bytes, set[str]]] = [{} for _ in range(bands)]
        self._bands_of: dict[str, list[bytes]] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._bands_of

    def bands(self, values: np.ndarray) -> list[bytes]:
        """The band keys of uint32 values (what `insert` and `query` take instead of the values):
        slices of one bytes object, cheaper than a numpy slice and tobytes per band."""
        raw = values.tobytes()
        return [raw[start:end] for start, end in self._ranges]

    def insert(self, key: str, bands: list[bytes]) -> None:
        self._bands_of[key] = bands
        for band, table in zip(bands, self._tables):
            bucket = table.get(band)
            if bucket is None:
                table[band] = {key}
            else:
                bucket.add(key)

    def query(self, bands: list[bytes]) -> set[str]:
        found: set[str] = set()
        for band, table in zip(bands, self._tables):
            bucket = table.get(band)
            if bucket:
                found |= bucket
        return found

    def remove(self, key: str) -> None:
        for band, table in zip(self._bands_of.pop(key), self._tables):
            bucket = table[band]
            bucket.discard(key)
            if not bucket:
                del table[band]


def content_words(tokens: list[str]) -> set[str]:
    """Words that say what an article is about: not stop words, four letters or more, or numbers of two digits or more."""
    return {t for t in set(tokens) if _is_content_word(t)}


def _is_content_word(word: str) -> bool:
    if word.isdigit():
        return len(word) >= 2
    return len(word) >= _MIN_CONTENT_WORD and word not in _stop_words()


class StoryIndex:
    """Duplicates and stories of the articles added so far; `add` is idempotent per article id."""

    def __init__(
        self,
        duplicate_threshold: float = 0.8,
        story_threshold: float = 0.3,
        window_days: int = 4,
        num_perm: int = 128,
        seed: int = 1,
    ) -> None:
        self.duplicate_threshold = duplicate_threshold
        self.story_threshold = story_threshold
        self.window_days = window_days
        self.num_perm = num_perm
        self.seed = seed
        self._copies = _BandIndex(*_lsh_bands(duplicate_threshold, num_perm))
        self._stories = _BandIndex(*_lsh_bands(story_threshold, num_perm))
        self._entries: dict[str, _Entry] = {}
        self._order: dict[str, int] = {}  # article id -> its place in the order articles were added
        self._next_place = 0
        self._story_sizes: dict[str, int] = {}
        self._permutations = MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME).permutations
        self._vocabulary = _Vocabulary()

    @classmethod
    def rebuild(cls, articles: Iterable[tuple[str, str, str | None]], **settings) -> tuple[StoryIndex, dict[str, StoryAssignment]]:
        """An index of (article_id, text, published) triples added in the order given, and their assignments."""
        index = cls(**settings)
        assignments = {article_id: index.add(article_id, text, published) for article_id, text, published in articles}
        return index, assignments

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._entries

    def assignment(self, article_id: str) -> StoryAssignment | None:
        entry = self._entries.get(article_id)
        return entry.assignment if entry else None

    def story_size(self, story_id: str) -> int:
        return self._story_sizes.get(story_id, 0)

    def signature_values(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """The MinHash values of each text's copies and story signatures, as `add` takes them: the
        numpy work of many texts in a few calls (for short news texts, the calls cost more than the
        arithmetic: a third less CPU a text for a few hundred at once than one by one)."""
        tokens = [word_bytes(text or "") for text in texts]
        sizes = [len(words_) for words_ in tokens]
        hashes, about = self._vocabulary.hashes_and_content(chain.from_iterable(tokens), sum(sizes))
        features: list[np.ndarray] = []
        start = 0
        for size, shingles in zip(sizes, shingles_of(hashes, sizes)):
            # the content words' hashes with repeats, which a MinHash does not see: the signature of content_words(words(text))
            features += (shingles, hashes[start:start + size][about[start:start + size]])
            start += size
        values = minhash_values_of(tuple(features), self._permutations)
        return list(zip(values[0::2], values[1::2]))

    def add(self, article_id: str, text: str, published: str | None = None, replaces: str | None = None,
            values: tuple[np.ndarray, np.ndarray] | None = None) -> StoryAssignment:
        """Mark the article as a copy of an earlier one, and put it in a story (a new one if none fits).

        Adding an article id again with the same text returns what it got the first time; with a
        changed text the article is placed again, in its place: compared with the articles added
        before it only, as if its first version had had this text (`replaces`: the id of the
        article it is a new version of, when that is another id, whose place it takes). Articles
        added after it keep what they got. `values`: `signature_values` of the text, when computed already.
        """
        article_id = str(article_id)
        text = text or ""
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        old = self._entries.get(article_id)
        place = None
        if old is not None:
            if old.digest == digest:
                return old.assignment
            place = self._order[article_id]
            self._remove(article_id)
        elif replaces is not None and replaces in self._entries:
            place = self._order[replaces]
            self._remove(replaces)

        copy_values, story_values = values if values is not None else self.signature_values([text])[0]
        copy_bands, story_bands = self._copies.bands(copy_values), self._stories.bands(story_values)
        when = _parse_date(published)

        duplicate_of = None
        story_id = None
        original = self._best(self._copies, copy_values, copy_bands, "copy", self.duplicate_threshold, None, place)
        if original is not None:
            root = self._entries[original].assignment
            duplicate_of = root.duplicate_of or original
            story_id = root.story_id
        else:
            related = self._best(self._stories, story_values, story_bands, "story", self.story_threshold, when, place)
            if related is not None:
                story_id = self._entries[related].assignment.story_id
        if story_id is None:
            story_id = f"story:{article_id}"

        assignment = StoryAssignment(duplicate_of=duplicate_of, story_id=story_id)
        self._enter(article_id, _Entry(digest, published, when, copy_values, story_values, assignment),
                    (copy_bands, story_bands), place)
        return assignment

    def _enter(self, article_id: str, entry: _Entry, bands: tuple[list[bytes], list[bytes]] | None = None,
               place: int | None = None) -> None:
        """Index the entry; `bands`: its copy and story signatures' band keys, when computed already;
        `place`: its position in the order of articles, when not the last."""
        self._entries[article_id] = entry
        if place is None:
            place, self._next_place = self._next_place, self._next_place + 1
        self._order[article_id] = place
        story_id = entry.assignment.story_id
        self._story_sizes[story_id] = self._story_sizes.get(story_id, 0) + 1
        if entry.assignment.duplicate_of is None:
            # copies stay out of the LSH: their original stands for them, and a story syndicated a
            # thousand times does not make every later article compare with a thousand copies
            copy_bands, story_bands = bands or (self._copies.bands(entry.copy_signature),
                                                self._stories.bands(entry.story_signature))
            self._copies.insert(article_id, copy_bands)
            self._stories.insert(article_id, story_bands)

    def signature(self, article_id: str) -> StorySignature | None:
        entry = self._entries.get(article_id)
        if entry is None:
            return None
        return StorySignature(
            article_id=article_id,
            published=entry.published_text,
            digest=entry.digest,
            copies=entry.copy_signature.astype("<u4").tobytes(),
            story=entry.story_signature.astype("<u4").tobytes(),
            duplicate_of=entry.assignment.duplicate_of,
            story_id=entry.assignment.story_id,
        )

    @classmethod
    def from_signatures(cls, signatures: Iterable[StorySignature], **settings) -> StoryIndex:
        """An index restored from stored signatures (in the order they were first added), texts unread."""
        index = cls(**settings)
        size = index.num_perm * 4
        for sig in signatures:
            if len(sig.copies) != size or len(sig.story) != size:
                raise ValueError(f"story signature of {sig.article_id!r} was made with other settings (num_perm)")
            if sig.article_id in index._entries:
                index._remove(sig.article_id)  # the last signature of an article wins
            index._enter(sig.article_id, _Entry(
                sig.digest, sig.published, _parse_date(sig.published),
                np.frombuffer(sig.copies, dtype="<u4").astype(np.uint32), np.frombuffer(sig.story, dtype="<u4").astype(np.uint32),
                StoryAssignment(sig.duplicate_of, sig.story_id)))
        return index

    def _best(self, lsh: _BandIndex, values: np.ndarray, bands: list[bytes], kind: str, threshold: float,
              when: date | None, before: int | None = None) -> str | None:
        """The most similar earlier article above the threshold (ties: the first added); `bands`:
        lsh.bands(values); `before`: only articles whose place comes before it."""
        if (values == _EMPTY32).all():  # nothing seen (no words): similar to nothing
            return None
        best, best_score = None, -1.0
        for candidate in sorted(lsh.query(bands), key=lambda key: self._order.get(key, -1)):
            if before is not None and self._order.get(candidate, -1) >= before:
                break
            entry = self._entries.get(candidate)
            if entry is None:
                continue
            if when and entry.published and abs((when - entry.published).days) > self.window_days:
                continue
            signature = entry.copy_signature if kind == "copy" else entry.story_signature
            score = float(np.count_nonzero(signature == values)) / len(signature)
            if score >= threshold and score > best_score:
                best, best_score = candidate, score
        return best

    def _remove(self, article_id: str) -> None:
        entry = self._entries.pop(article_id)
        self._order.pop(article_id, None)
        self._story_sizes[entry.assignment.story_id] -= 1
        self._remove_from_lsh(article_id)

    def _remove_from_lsh(self, article_id: str) -> None:
        for lsh in (self._copies, self._stories):
            if article_id in lsh:
                lsh.remove(article_id)


def _parse_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None

"""Actor coding: the country and sector of a mention such as "Russian Foreign Minister Sergey Lavrov".

Backed by the gazetteer in resources/gazetteer/: countries (names, nationality words, capitals as
metonyms), international organisations, institutions and their nicknames ("the Kremlin", "the
Pentagon"), and sector words ("minister" -> GOV, "troops" -> MIL, "protesters" -> CVL).
A mention is cut into words, matched leftmost-longest against one compiled lexicon, and:
- the country is that of the first country-bearing match (country, capital, nationality word,
  institution or organisation);
- the sector is the first strong sector word, else the sector of an institution, organisation or
  capital, else GOV for a bare country name ("Russia" acting is its state), else a weak sector
  word ("official", "spokesman");
- a mention with no country and the sector NGO ("aid groups", "a charity") has PLOVER's special
  country code NGO, as the named ones in igos.tsv do ("Amnesty International").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Iterable

from newsgraph.extract.phrase_scan import longest_matches
from newsgraph.records import Entity
from newsgraph.resources import read_table

GAZETTEER = "gazetteer"
# Higher wins when one phrase is listed in several tables.
_PRIORITY = {"institution": 6, "igo": 5, "capital": 4, "country": 3, "nationality": 2, "sector": 1, "weak": 0}
_COUNTRY_KINDS = frozenset({"institution", "igo", "capital", "country", "nationality"})
_ENTITY_SECTOR_KINDS = frozenset({"institution", "igo", "capital"})

_WORD = re.compile(r"[^\s\-‐‑–—/]+")
_EDGE_PUNCT = "\"'“”‘’«»()[]{},;:!?…*"
_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’)$")
_SKIPPED = frozenset({"the"})
TRANSNATIONAL_SECTORS = frozenset({"NGO"})  # a sector that is also a PLOVER country code


@dataclass(frozen=True)
class LexiconEntry:
    kind: str
    country: str | None
    sector: str | None
    cased: bool  # written with a capital: the text must be capitalised too ("Turkey", not "turkey")
    acronym: bool = False  # a short all-capital name: the text must be all capitals too ("UN", not "Un")


@dataclass(frozen=True)
class _Word:
    key: str
    capitalised: bool
    possessive: bool
    upper: bool = False


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    entry: LexiconEntry


def _words(text: str) -> list[_Word]:
    words = []
    for raw in _WORD.findall(text):
        token = raw.strip(_EDGE_PUNCT)
        if not token:
            continue
        possessive = bool(_POSSESSIVE.search(token)) and len(token) > 2
        if possessive:
            token = token[:-2] if token[-2] in "'’" else token[:-1]
        bare = token.replace(".", "")
        key = bare.lower()
        if not key or key in _SKIPPED:
            continue
        words.append(_Word(key, token[0].isupper() or token[0].isdigit(), possessive, bare.isupper()))
    return words


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(w.key for w in _words(phrase))


def _first_word_capitalised(phrase: str) -> bool:
    first = next((w for w in phrase.split() if w.lower() not in _SKIPPED), phrase)
    return first[:1].isupper() or first[:1].isdigit()


ACRONYM_LENGTH = 3  # an all-capital name this short is an acronym that ordinary words spell too ("Un", "Who")


def _is_acronym(phrase: str) -> bool:
    bare = phrase.replace(".", "").strip()
    return 1 < len(bare) <= ACRONYM_LENGTH and bare.isalpha() and bare.isupper()


def _plurals(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    last = key[-1]
    if last.endswith(("s", "sh", "ch", "x")):
        forms = [last + "es"]
    elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms = [last[:-1] + "ies"]
    elif last.endswith("man"):
        forms = [last[:-3] + "men"]
    else:
        forms = [last + "s"]
    return [key[:-1] + (f,) for f in forms]


def _cells(cell: str) -> list[str]:
    return [] if cell in ("", "-") else [v.strip() for v in cell.split("|") if v.strip()]


def _lexicon_rows() -> Iterable[tuple[str, str, str | None, str | None, bool]]:
    """(phrase, kind, country, sector, derive_plurals) for every phrase of the gazetteer."""
    for code, names, nationalities, capitals in read_table(f"{GAZETTEER}/countries.tsv"):
        for name in _cells(names):
            yield name, "country", code, None, False
        for word in _cells(nationalities):
            yield word, "nationality", code, None, True
        for capital in _cells(capitals):
            yield capital, "capital", code, "GOV", False
    for code, sector, names in read_table(f"{GAZETTEER}/igos.tsv"):
        for name in _cells(names):
            yield name, "igo", code, None if sector == "-" else sector, False
    for code, sector, names in read_table(f"{GAZETTEER}/institutions.tsv"):
        for name in _cells(names):
            yield name, "institution", code, None if sector == "-" else sector, False
    for table in ("petrarch_agents.tsv", "sectors.tsv"):  # the hand-written list comes last and wins
        try:
            rows = read_table(f"{GAZETTEER}/{table}")
        except FileNotFoundError:
            continue
        for sector, words in rows:
            kind = "weak" if sector.endswith("*") else "sector"
            for word in _cells(words):
                yield word, kind, None, sector.rstrip("*"), True


@cache
def lexicon() -> tuple[dict[tuple[str, ...], LexiconEntry], int]:
    """Phrase (as word keys) -> entry, and the longest phrase length. Built once."""
    table: dict[tuple[str, ...], LexiconEntry] = {}
    explicit: set[tuple[str, ...]] = set()

    def put(key: tuple[str, ...], entry: LexiconEntry, derived: bool) -> None:
        old = table.get(key)
        if old is not None:
            if derived and key in explicit:
                return
            sector_words = old.kind in ("sector", "weak") and entry.kind in ("sector", "weak")
            if _PRIORITY[old.kind] > _PRIORITY[entry.kind] and not sector_words:
                return  # between sector tables the later (hand-written) one wins, weak or not
        table[key] = entry
        if not derived:
            explicit.add(key)

    for phrase, kind, country, sector, plural in _lexicon_rows():
        key = _key(phrase)
        if not key:
            continue
        entry = LexiconEntry(kind, country, sector, _first_word_capitalised(phrase), _is_acronym(phrase))
        put(key, entry, derived=False)
        if plural:
            for form in _plurals(key):
                put(form, entry, derived=True)
    _give_sector_phrases_their_country(table)
    return table, max(len(k) for k in table)


def _give_sector_phrases_their_country(table: dict[tuple[str, ...], LexiconEntry]) -> None:
    """A sector phrase with a country-bearing word in it carries that country too: "Kremlin
    spokesman" is a Russian government official, though matched as one sector phrase."""
    for key, entry in list(table.items()):
        if entry.kind not in ("sector", "weak") or len(key) < 2 or entry.country:
            continue
        for n in range(len(key) - 1, 0, -1):
            inner = next((table[key[i:i + n]] for i in range(len(key) - n + 1)
                          if table.get(key[i:i + n]) is not None and table[key[i:i + n]].kind in _COUNTRY_KINDS), None)
            if inner is not None:
                table[key] = LexiconEntry(entry.kind, inner.country, entry.sector, entry.cased, entry.acronym)
                break


def _matches(words: list[_Word]) -> list[_Match]:
    table, longest = lexicon()

    def fits(i: int, entry: LexiconEntry) -> bool:  # cased and acronym entries want their casing
        return (not entry.cased or words[i].capitalised) and (not entry.acronym or words[i].upper)

    keys = tuple(w.key for w in words)
    return [_Match(start, end, entry) for start, end, entry in longest_matches(keys, table, longest, fits)]


def _part_of_person_name(words: list[_Word], match: _Match, matches: list[_Match]) -> bool:
    """In a PERSON mention a place word counts only as part of a title ("U.S. Secretary of State
    Antony Blinken", "Slovenia's minister"), not as part of the name ("Jordan Peterson")."""
    if words[match.end - 1].possessive:
        return False
    if match.start == 0 and match.end == len(words):  # the whole mention is a place: NER mislabelled it
        return False
    sector_starts = {m.start for m in matches if m.entry.kind in ("sector", "weak")}
    for i in range(match.end, len(words)):
        if i in sector_starts or not words[i].capitalised:
            return False
    return True


@lru_cache(maxsize=8192)
def code_actor(text: str, label: str | None = None) -> tuple[str | None, str | None]:
    """(country, sector) of a mention; either may be None. `label` is the spaCy entity label, if any."""
    words = _words(text)
    if not words:
        return None, None
    matches = _matches(words)
    country = strong = entity_sector = weak = None
    for match in matches:
        entry = match.entry
        if entry.kind in _COUNTRY_KINDS:
            if label == "PERSON" and _part_of_person_name(words, match, matches):
                continue
            if country is None:
                country = entry.country
            if entity_sector is None:
                if entry.kind in _ENTITY_SECTOR_KINDS:
                    entity_sector = entry.sector
                elif entry.kind == "country" and match.start == 0 and match.end == len(words):
                    entity_sector = "GOV"
        else:
            if entry.kind == "sector":
                strong = strong or entry.sector
            else:
                weak = weak or entry.sector
            if entry.country and country is None:  # "Kremlin spokesman": a title, not a name
                country = entry.country
    sector = strong or entity_sector or weak
    if country is None and sector in TRANSNATIONAL_SECTORS:  # "aid groups": PLOVER's NGO code, as Amnesty's
        country = sector
    return country, sector


def code_entity(entity: Entity, mention_texts: Iterable[str]) -> tuple[str | None, str | None]:
    """(country, sector) of an entity: its own codes, else the first mentions that give them."""
    country, sector = entity.country, entity.sector
    for text in mention_texts:
        if country and sector:
            break
        c, s = code_actor(text, entity.type)
        country, sector = country or c, sector or s
    return country, sector

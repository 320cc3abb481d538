"""Names as comparable keys: folded spelling, titles off, transliteration variants and nicknames.

"Secretary of State Antony Blinken", "Tony Blinken" and "Blinken's" all come down to the words
("antony", "blinken") once folded (accents, case, dots), stripped of titles (resources/titles.txt,
resolve/honorifics.txt) and mapped to one spelling (resolve/name_variants.tsv).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz

from newsgraph.resources import read_lines, read_table

VARIANTS_FILE = "resolve/name_variants.tsv"
HONORIFICS_FILE = "resolve/honorifics.txt"
GENERIC_FILE = "resolve/generic_institution_words.txt"
TITLES_FILE = "titles.txt"
COUNTRIES_FILE = "gazetteer/countries.tsv"
IGOS_FILE = "gazetteer/igos.tsv"

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_APOSTROPHES = re.compile(r"['’‘`ʼ.]")
_NON_WORD = re.compile(r"[^\w]+")
# letters NFKD does not take apart
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                          "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d", "ħ": "h"})
_NAME_HYPHEN = re.compile(r"(?<=\w)[-‐‑](?=\w)")
_JOINERS = frozenset({"of", "the", "and", "for", "on", "in", "&"})
_GIVEN_NAME_SIMILARITY = 83  # rapidfuzz ratio: one letter in six differs
_SURNAME_SIMILARITY = 85


def fold(text: str) -> str:
    """Lower case, no accents, no dots or apostrophes, other punctuation as spaces: "O'Brien-Smith" -> "obrien smith"."""
    if text.isascii():
        plain = text
    else:
        decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _APOSTROPHES.sub("", _POSSESSIVE.sub("", plain.strip()).casefold())
    return " ".join(_NON_WORD.sub(" ", plain).replace("_", " ").split())


@cache
def _variant_groups() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for row in read_table(VARIANTS_FILE):
        words = [fold(cell) for cell in row if cell]
        for word in words:
            groups.setdefault(word, [])
            if words[0] not in groups[word]:
                groups[word].append(words[0])
    return {word: tuple(heads) for word, heads in groups.items()}


def spellings(word: str) -> tuple[str, ...]:
    """The heads of every variant line the (folded) word is on; the word itself when on none."""
    return _variant_groups().get(word, (word,))


def canonical(word: str) -> str:
    """The one spelling keys are built from: "sergei" -> "sergey", "defense" -> "defence"."""
    return spellings(word)[0]


@cache
def _honorifics() -> tuple[frozenset[str], frozenset[str]]:
    before, after = set(), set()
    for line in read_lines(HONORIFICS_FILE):
        if line.startswith("suffix "):
            after.add(fold(line[len("suffix "):]))
        else:
            before.add(fold(line))
    return frozenset(before), frozenset(after)


@cache
def _titles() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Titles as folded word tuples by first word, longest first ("Secretary of State" before "Secretary")."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for line in read_lines(TITLES_FILE):
        title = tuple(fold(line).split())
        if title and title not in by_first.get(title[0], []):
            by_first.setdefault(title[0], []).append(title)
    return {first: tuple(sorted(titles, key=len, reverse=True)) for first, titles in by_first.items()}


@dataclass(frozen=True)
class Name:
    """A name taken apart: its words (canonical spellings, titles off) and the titles it carried."""

    words: tuple[str, ...]
    titles: tuple[str, ...]
    spelled: tuple[str, ...] = ()  # the words as written (folded), before variants are mapped

    @property
    def key(self) -> str:
        return " ".join(self.words)

    @property
    def surname(self) -> str:
        return self.words[-1] if self.words else ""

    @property
    def given(self) -> tuple[str, ...]:
        return self.words[:-1]

    @property
    def joined(self) -> str:
        """The words run together: "Kim Jong Un" and "Kim Jong-un" are both "kimjongun"."""
        return "".join(self.words)


@lru_cache(maxsize=65536)
def parse_name(name: str, person: bool) -> Name:
    """Fold a name and take titles off: ("Secretary Blinken", person) -> words ("blinken",), titles ("secretary",).

    Only people lose titles and honorifics; an institution's name is all of it ("State Department").
    A leading "the" goes in both cases.
    """
    if person:
        name = _NAME_HYPHEN.sub("", name)  # "Thomas-Greenfield" is one surname, "Jong-un" one name
    words = fold(name).split()
    if words and words[0] == "the":
        words = words[1:]
    titles: list[str] = []
    if person:
        before, after = _honorifics()
        stripped = True
        while stripped and len(words) > 1:
            stripped = False
            if words[0] in before:
                words = words[1:]
                stripped = True
                continue
            for title in _titles().get(words[0], ()):
                if len(title) < len(words) and tuple(words[: len(title)]) == title:
                    titles.append(" ".join(title))
                    words = words[len(title):]
                    stripped = True
                    break
        while len(words) > 1 and words[-1] in after:
            words = words[:-1]
    return Name(tuple(canonical(w) for w in words), tuple(titles), tuple(words))


def institution_key(name: Name) -> str:
    """Order-free key of an institution: "Ministry of Defense" and "Defence Ministry" -> "defence ministry"."""
    content = sorted(w for w in name.words if w not in _JOINERS)
    return " ".join(content) or name.key


@cache
def _country_prefixes() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Words that name a country (or the EU, the UN) before an institution, by actor code, longest first."""
    prefixes: dict[str, set[tuple[str, ...]]] = {}
    for row in read_table(COUNTRIES_FILE):
        if len(row) >= 3:
            for cell in (row[1], row[2]):
                for phrase in cell.split("|"):
                    if phrase and phrase != "-":
                        prefixes.setdefault(row[0], set()).add(tuple(fold(phrase).split()))
    for row in read_table(IGOS_FILE):
        if len(row) >= 3:
            for phrase in row[2].split("|"):
                words = tuple(fold(phrase).split())
                if len(words) == 1:  # "EU", "UN": short names only; "European Union Council" is a name
                    prefixes.setdefault(row[0], set()).add(words)
    return {code: tuple(sorted(p, key=len, reverse=True)) for code, p in prefixes.items()}


def without_country(name: Name, country: str | None) -> Name:
    """An institution's name without the country it belongs to: ("Russian Foreign Ministry", RUS) -> "foreign ministry"."""
    if not country or len(name.words) < 2:
        return name
    for prefix in _country_prefixes().get(country, ()):
        if len(prefix) < len(name.words) and tuple(name.spelled[: len(prefix)]) == prefix:
            rest = name.spelled[len(prefix):]
            return Name(tuple(canonical(w) for w in rest), name.titles, rest)
    return name


@cache
def _generic_words() -> frozenset[str]:
    return frozenset(canonical(fold(line)) for line in read_lines(GENERIC_FILE))


def is_generic_institution(name: Name) -> bool:
    """"Foreign Ministry", "the government", "State": a name many countries' institutions share."""
    return bool(name.words) and all(w in _generic_words() or w in _JOINERS for w in name.words)


def acronym(raw: str) -> str | None:
    """"NATO", "U.S.", "EU" -> "nato", "us", "eu"; None for a name that is not written as an acronym."""
    letters = raw.replace(".", "").replace(" ", "")
    if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper():
        return letters.casefold()
    return None


def initials(name: Name) -> str:
    """"north atlantic treaty organization" -> "nato"; joiners are left out."""
    return "".join(w[0] for w in name.spelled if w not in _JOINERS)


def same_given_name(a: str, b: str) -> bool:
    """"sergey"/"sergei", "tony"/"antony", "j"/"john" (an initial), or near spellings."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if set(spellings(a)) & set(spellings(b)):
        return True
    # one letter spelled differently in a longer name ("aleksej"/"aleksei"); "marin"/"marina" differ
    return len(a) == len(b) >= 6 and fuzz.ratio(a, b) >= _GIVEN_NAME_SIMILARITY


def same_surname(a: str, b: str) -> bool:
    return a == b or (a[:1] == b[:1] and fuzz.ratio(a, b) >= _SURNAME_SIMILARITY and min(len(a), len(b)) >= 6)


def same_person_name(a: Name, b: Name) -> bool:
    """Two full names of one person: same surname and the first given names agree.

    Middle names and initials in between are ignored ("John F. Kirby" = "John Kirby"); East Asian
    names in surname-first order are compared whole ("Kim Jong Un").
    """
    if a.words == b.words or a.joined == b.joined:
        return True
    if not a.given or not b.given:
        return False
    if not same_surname(a.surname, b.surname):
        return False
    return same_given_name(a.given[0], b.given[0])


def surname_block(word: str) -> str:
    """Blocking key of a surname: its canonical spelling with doubled letters collapsed."""
    return re.sub(r"(.)\1+", r"\1", canonical(word))

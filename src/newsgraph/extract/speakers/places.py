"""Country names, nationality adjectives and capitals from the gazetteer's countries.tsv, for naming
speakers: "Tokyo said" is Japan speaking, "China's Commerce Ministry" is the Chinese Commerce Ministry."""
from __future__ import annotations

from functools import cache

from newsgraph.resources import read_table

COUNTRIES_FILE = "gazetteer/countries.tsv"


def _cells(cell: str) -> list[str]:
    return [] if cell in ("", "-") else [v.strip() for v in cell.split("|") if v.strip()]


_ADJECTIVE_CODES: dict[str, str] = {}


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """code -> country name, code -> adjective, lower name/capital -> code, lower capital -> code."""
    names: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    _ADJECTIVE_CODES.clear()
    by_name: dict[str, str] = {}
    capitals: dict[str, str] = {}
    try:
        rows = read_table(COUNTRIES_FILE)
    except FileNotFoundError:
        rows = ()
    for row in rows:
        if len(row) < 2:
            continue
        code, country_names = row[0], _cells(row[1])
        if country_names:
            names.setdefault(code, country_names[0])
        for n in country_names:
            by_name.setdefault(n.lower(), code)
        if len(row) > 2 and _cells(row[2]):
            adjectives.setdefault(code, _cells(row[2])[0])
            for adjective in _cells(row[2]):
                _ADJECTIVE_CODES.setdefault(adjective.lower(), code)
        if len(row) > 3:
            for capital in _cells(row[3]):
                capitals.setdefault(capital.lower(), code)
    return names, adjectives, by_name, capitals


def country_name(code: str | None) -> str | None:
    return _tables()[0].get(code) if code else None


def country_adjective(code: str | None) -> str | None:
    return _tables()[1].get(code) if code else None


def country_of_name(name: str) -> str | None:
    """"China" -> CHN, "Russia's" -> RUS (country names only, not capitals)."""
    key = name.strip().lower().removesuffix("'s").removesuffix("’s").strip()
    return _tables()[2].get(key)


def capital_country(name: str) -> str | None:
    """"Tokyo" -> JPN: a capital standing for its country's government."""
    return _tables()[3].get(name.strip().lower())


def adjective_country(word: str) -> str | None:
    """"Slovenian" -> SVN."""
    _tables()
    return _ADJECTIVE_CODES.get(word.strip().lower())


def is_place_word(word: str) -> bool:
    """A country name, nationality adjective or capital written as one word."""
    return bool(adjective_country(word) or country_of_name(word) or capital_country(word))

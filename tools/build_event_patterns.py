"""Convert the PETRARCH2 dictionaries into newsgraph resource files (reproducible; run from the repo root):

    python3 tools/build_event_patterns.py [--shared ../shared]

writes
  src/newsgraph/resources/events/petrarch_patterns.tsv   from CAMEO.2.0.txt (verb patterns) mapped to
                                                          PLOVER with CAMEO2PLOVER-2021.txt
  src/newsgraph/resources/gazetteer/petrarch_agents.tsv  from Phoenix.agents.txt (sector words)

Only the simple verb patterns are converted: the verb, optionally a particle, one object phrase and
one prepositional phrase after it ("- * SANCTIONS", "- * POLICE (TO BORDER)", "- * {MARTIAL LAW}").
Patterns that constrain the subject ("- POLICE * ...") or mark source/target positions are left out.
newsgraph's rulings are applied: CAMEO 163 (sanctions, embargo) is SANCTION/discontinue, and CAMEO
01 (statements) and 02 (appeals) are written as category NONE, i.e. "this is not an event" (such a
pattern still stops a less specific one from firing: "released a statement" is no release).
"""
from __future__ import annotations

import argparse
import itertools
import re
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENTS_OUT = ROOT / "src" / "newsgraph" / "resources" / "events" / "petrarch_patterns.tsv"
AGENTS_OUT = ROOT / "src" / "newsgraph" / "resources" / "gazetteer" / "petrarch_agents.tsv"
ROOTS_OUT = ROOT / "src" / "newsgraph" / "resources" / "events" / "cameo_roots.tsv"

PARTICLES = {"up", "down", "out", "off", "back", "away", "over"}
# light verbs whose block default code says nothing on its own ("take" in the APPREHEND block)
LIGHT_VERBS = {"take", "make", "give", "get", "have", "be", "go", "come", "put", "set", "do", "say",
               "see", "hold", "keep", "call", "run", "turn", "bring", "send", "show", "leave", "let",
               "look", "find", "move", "play", "stand", "meet", "open", "close", "carry", "cut", "pass",
               "raise", "lead", "place", "post", "stage", "base", "position", "station", "add", "change"}
RECIPROCAL_CODES = ("040", "041", "044", "045", "046")
VERB_DEFAULT_CONFIDENCE = 0.5
BLOCK_DEFAULT_CONFIDENCE = 0.42
PATTERN_CONFIDENCE = 0.6
MAX_ALTERNATIVES = 40
# CAMEO agent codes that PLOVER folds into a broader sector (religions into REL, militarised
# groups into REB, "people" into CVL)
SECTOR_MAP = {"CHR": "REL", "MUS": "REL", "BUD": "REL", "HIN": "REL", "JEW": "REL", "CTH": "REL",
              "IMG": "REB", "UAF": "REB", "PPL": "CVL", "HRI": "NGO"}


def read_plover_table(path: Path) -> dict[str, tuple[str, str]]:
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d+):\s*([A-Z]+)\s*(?:,\s*([^,]*))?", line)
        if m:
            mode = (m.group(3) or "").strip()
            table.setdefault(m.group(1), (m.group(2), "" if "_" in mode else mode))
    return table


def plover_of(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """(category, mode) of a CAMEO code under newsgraph's rulings; ("NONE", "") = not an event."""
    if not code or code.startswith("--"):
        return ("NONE", "")
    if code[:2] in ("01", "02"):
        return ("NONE", "")
    if code.startswith("163"):
        return ("SANCTION", "discontinue")
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def cameo_roots(plover: Path) -> list[tuple[str, str, str]]:
    """(category, mode, CAMEO root) rows: for each PLOVER category and each of its modes, the CAMEO
    root most of its codes fall under (ties: the lower root), under newsgraph's rulings (plover_of);
    mode '-' is the category's root over all its codes. For the GDELT-style export of events."""
    table = read_plover_table(plover)
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for code in table:
        category, mode = plover_of(code, table) or ("NONE", "")
        if category == "NONE":
            continue
        for key in ((category, mode or "-"), (category, "-")):
            counts[key][code[:2]] += 1
    return [(category, mode, min(roots, key=lambda root: (-roots[root], root)))
            for (category, mode), roots in sorted(counts.items())]


def word(token: str) -> str:
    return token.strip().rstrip("_").replace("_", " ").lower()


def with_singular(words: list[str]) -> list[str]:
    out = []
    for w in words:
        out.append(w)
        last = w.split()[-1]
        if last.endswith("s") and not last.endswith("ss") and len(last) > 3:
            out.append(" ".join(w.split()[:-1] + [last[:-1]]))
    return list(dict.fromkeys(out))


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current = None
    for line in lines:
        text = line.split("#", 1)[0].rstrip()
        if text.startswith("&"):
            current = text.strip().rstrip("_")
            sets[current] = []
        elif text.startswith("+") and current:
            sets[current].append(word(text[1:].split("{")[0]))
        elif text.startswith("---"):
            break
        elif not text.strip():
            continue
    return sets


def expand(phrase: str, synsets: dict[str, list[str]]) -> list[str]:
    """All plain-word readings of a phrase that may contain &SETS."""
    options = []
    for token in phrase.split():
        if token.startswith("&"):
            options.append(synsets.get(token.rstrip("_"), []))
        else:
            options.append([word(token)])
    if not all(options):
        return []
    return [" ".join(p) for p in itertools.islice(itertools.product(*options), MAX_ALTERNATIVES)]


PIECE = re.compile(r"\([^)]*\)|\{[^}]*\}|\S+")


def parse_pattern(body: str, synsets: dict[str, list[str]]):
    """(particle, objects, prep) of the words after '*', or None when the pattern is not simple."""
    particle, objects, prep = None, None, None
    for piece in PIECE.findall(body):
        if piece.startswith("("):
            if prep is not None:
                continue  # a second prepositional phrase narrows further; keep the first
            inner = piece[1:-1].replace("{", "").replace("}", "").split()
            if not inner or inner[0].startswith(("&", "$", "+", "^", "%")):
                return None
            nouns = expand(" ".join(inner[1:]), synsets) if len(inner) > 1 else [""]
            if not nouns:
                return None
            prep = [f"{word(inner[0])} {n}".strip() for n in nouns]
        elif piece.startswith("{"):
            if objects is not None:
                return None
            objects = expand(piece[1:-1], synsets)
            if not objects:
                return None
        elif piece[0] in "$+^%" or piece in ("-", "*"):
            return None
        elif word(piece) in PARTICLES and particle is None and objects is None:
            particle = word(piece)
        elif objects is None and prep is None:
            objects = expand(piece, synsets)
            if not objects:
                return None
        else:
            return None
    return particle, with_singular(objects) if objects else None, prep


def convert_verbs(cameo: Path, plover: Path) -> list[tuple]:
    table = read_plover_table(plover)
    lines = cameo.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets = read_synsets(lines)
    rows: dict[tuple, tuple] = {}
    block_code, verbs = None, []

    def add(lemma, particle, objects, prep, code, confidence):
        mapped = plover_of(code, table)
        if mapped is None:
            return
        category, mode = mapped
        actor = "subj+recipient" if code.startswith(RECIPROCAL_CODES) else "subj"
        trigger = f"{lemma} {particle}" if particle else lemma
        key = (trigger, "|".join(objects or []), "|".join(prep or []))
        row = (trigger, "V", key[1] or "-", key[2] or "-", category, mode or "-", actor, "auto", f"{confidence:.2f}")
        rows.setdefault(key, row)  # the first pattern for a key wins, as in PETRARCH

    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        header = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
        if header:
            block_code, verbs = header.group(2).strip(), []
            continue
        if block_code is None:
            continue
        if line.startswith("- "):
            m = re.match(r"^-\s+\*\s*(.*?)\s*\[([^\]]*)\]\s*$", line)
            if not m:
                continue
            parsed = parse_pattern(m.group(1), synsets)
            if parsed is None or parsed == (None, None, None):
                continue
            code = m.group(2).split(":")[0].strip() or m.group(2).split(":")[-1].strip()
            for lemma in verbs:
                add(lemma, *parsed, code, PATTERN_CONFIDENCE)
            continue
        if line.startswith(("+", "&")) or not line[0].isalpha():
            continue
        m = re.match(r"^([A-Z][A-Z'\-]*)\s*(?:\{[^}]*\})?\s*(?:\[([^\]]*)\])?", line.strip())
        if not m:
            continue
        lemma = m.group(1).lower()
        verbs.append(lemma)
        own_code = (m.group(2) or "").strip()
        if own_code:
            add(lemma, None, None, None, own_code.split(":")[0], VERB_DEFAULT_CONFIDENCE)
        elif block_code and not block_code.startswith("--") and lemma not in LIGHT_VERBS:
            add(lemma, None, None, None, block_code.split(":")[0], BLOCK_DEFAULT_CONFIDENCE)
    return list(rows.values())


def convert_agents(agents: Path) -> dict[str, list[str]]:
    subs: dict[str, list[str]] = {}
    by_sector: dict[str, list[str]] = defaultdict(list)
    for raw in agents.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        sub = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if sub:
            subs[sub.group(1)] = [w.strip() for w in sub.group(2).split(",")]
            continue
        m = re.match(r"^(.+?)\s*(?:\{[^}]*\})?\s*\[~([A-Z]{3})[A-Z]*\]", line)
        if not m:
            continue
        phrase, sector = m.group(1).strip(), SECTOR_MAP.get(m.group(2), m.group(2))
        forms = [phrase]
        for name, values in subs.items():
            if name in phrase:
                forms = [f.replace(name, v) for f in forms for v in values]
        for form in forms:
            text = word(form.replace("!", ""))
            if text and "{" not in text:
                by_sector[sector].append(text)
    return {s: list(dict.fromkeys(ws)) for s, ws in sorted(by_sector.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    petrarch, plover = args.shared / "data" / "petrarch", args.shared / "data" / "plover"

    rows = convert_verbs(petrarch / "CAMEO.2.0.txt", plover / "CAMEO2PLOVER-2021.txt")
    header = [
        "# Event trigger patterns converted from the PETRARCH2 verb dictionary CAMEO.2.0.txt (MIT,",
        "# github.com/openeventdata/petrarch2, ../shared/data/petrarch) with CAMEO2PLOVER-2021.txt (CC BY-SA,",
        "# github.com/openeventdata/PLOVER). Generated by tools/build_event_patterns.py: do not edit by hand,",
        "# add or override patterns in triggers.tsv (same format, see its header), which wins ties.",
        "# Category NONE = not an event (CAMEO 01 statements, 02 appeals, and [---] patterns).",
    ]
    EVENTS_OUT.write_text("\n".join(header + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")

    sectors = convert_agents(petrarch / "Phoenix.agents.txt")
    header = [
        "# Sector words converted from the PETRARCH2 agents dictionary Phoenix.agents.txt (MIT,",
        "# github.com/openeventdata/petrarch2, ../shared/data/petrarch): the first sector code of each",
        "# agent. Generated by tools/build_event_patterns.py: do not edit by hand; sectors.tsv wins.",
        "# Columns: sector    words ('|'-separated)",
    ]
    AGENTS_OUT.write_text("\n".join(header + [f"{s}\t{'|'.join(ws)}" for s, ws in sectors.items()]) + "\n",
                          encoding="utf-8")
    roots = cameo_roots(plover / "CAMEO2PLOVER-2021.txt")
    header = [
        "# The CAMEO root (two digits) of a PLOVER category and mode, for the GDELT-style dyadic export.",
        "# Derived from CAMEO2PLOVER-2021.txt (CC BY-SA, github.com/openeventdata/PLOVER) under newsgraph's",
        "# rulings (CAMEO 163 sanctions are SANCTION): the root most of the category's (and mode's) codes",
        "# fall under. Generated by tools/build_event_patterns.py: do not edit by hand.",
        "# Columns: category    mode ('-': any mode)    CAMEO root",
    ]
    ROOTS_OUT.write_text("\n".join(header + ["\t".join(r) for r in roots]) + "\n", encoding="utf-8")
    print(f"{len(rows)} verb patterns -> {EVENTS_OUT.relative_to(ROOT)}; "
          f"{sum(map(len, sectors.values()))} agent words -> {AGENTS_OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

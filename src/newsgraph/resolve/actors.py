"""Cross-article actors: one canonical person or institution for the entities of many articles.

`ActorIndex.assign(article_id, published, entity)` takes one contract entity (its name, type,
country, sector, roles) and returns the id of the actor it is, creating the actor when none fits.
Candidates come from blocks (a person's surname, an institution's order-free name key, a kb_id),
never from a scan of all actors, so assignment cost does not grow with the corpus.

Conservative by design:
- two full names are one person when the surnames and first given names agree (spelling variants
  and nicknames included: "Tony"/"Antony", "Sergei"/"Sergey") and the countries do not conflict;
- a bare surname ("Kirby": an in-article mention cluster that found no full name) joins a full-name
  actor only when the context agrees: same country, same sector or a shared role word, and only
  when exactly one full-name actor agrees best; otherwise it joins (or starts) a surname-only actor;
- different countries keep actors apart; overrides (`apply_overrides`) merge, split and rename.

An institution whose name is generic ("Foreign Ministry", "the government") and whose country is
unknown is an actor of its article only: the Foreign Ministry of one story is not that of the next.

Ids are slugs of the first name seen ("person:antony-blinken", "org:state-department"; the country
code, then "-2", "-3" on collisions; "org:foreign-ministry@ARTICLE" for a generic one): the same input
in the same order gives the same ids, and an index rebuilt with `from_actors` gives already-seen
entities the ids they had.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.resolve.actor_types import choose_type
from newsgraph.resolve.names import (
    Name,
    acronym,
    fold,
    initials,
    institution_key,
    is_generic_institution,
    parse_name,
    same_person_name,
    same_surname,
    surname_block,
    without_country,
)
from newsgraph.resolve.overrides import Override, read_overrides
from newsgraph.resources import read_lines

PERSON = "PERSON"
_MAX_DECISIONS = 1_000_000  # remembered entity profiles
_MAX_CANDIDATES = 500  # per block: the most recently filed, should a block grow huge (a common first name)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
ROLE_STOP_WORDS_FILE = "resolve/role_stop_words.txt"


@dataclass
class Actor:
    """A canonical person or institution. `article_count` is the count it was loaded with plus the
    articles assigned to it since, an article being a run of `assign` calls with one article id (so
    assign an article's entities together); a store that assigns a changed article again recounts."""

    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (role, first seen, last seen)
    article_count: int = 0


@dataclass
class _Observed:
    """What one entity brings to an actor."""

    raw: str
    name: Name
    person: bool
    type: str
    country: str | None
    sector: str | None
    roles: tuple[str, ...]
    role_words: frozenset[str]
    kb_id: str | None
    scope: str | None = None  # an article id: the name is generic and only means something there

    @property
    def weak(self) -> bool:
        """A person named by one word only: a surname (or a mononym) with no full name in its article."""
        return self.person and len(self.name.words) < 2


class _State:
    """One actor and the tallies its canonical fields are chosen from."""

    def __init__(self, actor_id: str, person: bool, order: int):
        self.id = actor_id
        self.person = person
        self.order = order
        self.names: Counter[str] = Counter()
        self.first_seen_name: dict[str, int] = {}
        self.parsed: dict[str, Name] = {}
        self.types: Counter[str] = Counter()
        self.countries: Counter[str] = Counter()
        self.sectors: Counter[str] = Counter()
        self.country: str | None = None
        self.sector: str | None = None
        self.full = not person  # a person with a full name (not a surname only)
        self.scope: str | None = None  # set for a generic institution of one article ("Foreign Ministry", no country)
        self.roles: dict[str, list] = {}  # folded role -> [role as written, first, last]
        self.role_words: set[str] = set()
        self.last_article: str | None = None
        self.article_count = 0  # loaded + seen; no set of ids, which would grow with the corpus
        self.pinned_name: str | None = None
        self.pinned_keys: set[str] = set()  # names an override merge brought: they join without context
        self.name_keys: set[str] = set()

    # canonical fields ---------------------------------------------------------------------
    def count(self, country: str | None, sector: str | None, weight: int = 1) -> None:
        """Tally a country and a sector; the most counted is the actor's (the first to get there on ties)."""
        if country:
            self.countries[country] += weight
            if self.country is None or self.countries[country] > self.countries[self.country]:
                self.country = country
        if sector:
            self.sectors[sector] += weight
            if self.sector is None or self.sectors[sector] > self.sectors[self.sector]:
                self.sector = sector

    @property
    def name(self) -> str:
        if self.pinned_name:
            return self.pinned_name

        def rank(alias: str):
            parsed = self.parsed[alias]
            # "Brussels" before "BRUSSELS" (a dateline): spelling first, so a rebuilt index that
            # lost the counts still names the actor as a clean run does
            return (-len(parsed.words), len(parsed.titles), alias.isupper(), -self.names[alias],
                    self.first_seen_name[alias])

        return min(self.names, key=rank)

    def keys(self) -> set[str]:
        """Folded forms of every alias, as written and with titles off: what overrides name actors by."""
        return self.name_keys

    def to_actor(self) -> Actor:
        roles = sorted(((r[0], r[1], r[2]) for r in self.roles.values()), key=lambda r: (r[1] or "", r[0]))
        return Actor(
            id=self.id,
            name=self.name,
            type=choose_type(self.types, self.id) or (PERSON if self.person else "ORG"),
            country=self.country,
            sector=self.sector,
            aliases=sorted(self.names, key=lambda alias: self.first_seen_name[alias]),
            roles=roles,
            article_count=self.article_count,
        )

    # updates ------------------------------------------------------------------------------
    def add_name(self, raw: str, parsed: Name, weight: int = 1) -> bool:
        """Count a name; True when it is new to this actor."""
        new = raw not in self.names
        if new:
            self.first_seen_name[raw] = len(self.first_seen_name)
            self.parsed[raw] = parsed
            self.name_keys.update((fold(raw), parsed.key))
            self.full = self.full or len(parsed.words) > 1
            self.role_words.update(_role_words(parsed.titles))
        self.names[raw] += weight
        return new

    def see_article(self, article_id) -> None:
        article_id = str(article_id)
        if article_id != self.last_article:
            self.last_article = article_id
            self.article_count += 1

    def add_role(self, role: str, first: str | None, last: str | None) -> None:
        key = _fold_cached(role)
        if not key:
            return
        entry = self.roles.get(key)
        if entry is None:
            self.roles[key] = [role, first, last]
            self.role_words.update(_role_words((role,)))
        else:
            entry[1] = _earliest(entry[1], first)
            entry[2] = _latest(entry[2], last)

    def absorb(self, other: _State) -> None:
        self.pinned_keys |= {parsed.key for parsed in other.parsed.values()} | other.pinned_keys
        for raw, count in other.names.items():
            self.add_name(raw, other.parsed[raw], count)
        self.types.update(other.types)
        for country, weight in other.countries.items():
            self.count(country, None, weight)
        for sector, weight in other.sectors.items():
            self.count(None, sector, weight)
        for role, first, last in other.roles.values():
            self.add_role(role, first, last)
        self.role_words.update(other.role_words)
        self.article_count += other.article_count  # an article where both were named counts twice


class ActorIndex:
    """Canonical actors across articles, rebuilt from stored actors and extended one entity at a time."""

    def __init__(self, lenient_surnames: bool = False) -> None:
        """`lenient_surnames`: a bare surname with no context joins the one full-name person with that
        surname when there is exactly one (off by default: "Kirby" alone is nobody in particular)."""
        self.lenient_surnames = lenient_surnames
        self._states: dict[str, _State] = {}
        self._blocks: dict[str, list[str]] = {}
        self._by_key: dict[str, list[str]] = {}
        self._by_kb: dict[str, str] = {}
        self._redirects: dict[str, str] = {}
        self._taken: set[str] = set()
        self._rules: list[Override] = []  # merges and renames, in file order
        self._rules_by_key: dict[str, list[int]] = {}  # a name key or id -> the rules that name it
        self._splits: dict[str, set[str]] = {}
        self._decisions: dict[tuple, str] = {}
        self._counter = 0

    # building -----------------------------------------------------------------------------
    @classmethod
    def from_actors(cls, actors: list[Actor], redirects: dict[str, str] | None = None, **settings) -> ActorIndex:
        """An index holding the actors a store kept (and, optionally, the ids merged away)."""
        index = cls(**settings)
        for actor in actors:
            if actor.id in index._states:
                continue
            person = actor.type == PERSON
            state = index._new_state(actor.id, person)
            if not person and "@" in actor.id:
                state.scope = actor.id.split("@", 1)[1]
            weight = max(actor.article_count, 1)
            for raw in dict.fromkeys([*actor.aliases, actor.name]):
                if raw:
                    state.add_name(raw, parse_name(raw, person), weight + 1 if raw == actor.name else 1)
            state.types[actor.type] += weight
            state.count(actor.country, actor.sector, weight)
            for role, first, last in actor.roles:
                state.add_role(role, first, last)
            state.article_count = actor.article_count
            index._index_names(state)
        for old, new in (redirects or {}).items():
            index._redirects[old] = new
            index._taken.add(old)
        return index

    def actors(self) -> list[Actor]:
        """Every actor, in the order they were created."""
        return [state.to_actor() for state in self._states.values()]

    def redirects(self) -> dict[str, str]:
        """Ids merged away (by an override) -> the id of the actor they joined."""
        return {old: self._resolve_id(old) for old in self._redirects}

    def current_id(self, actor_id: str) -> str:
        """The id of the actor this one is now: merges followed."""
        return self._resolve_id(actor_id)

    def get(self, actor_id: str) -> Actor | None:
        state = self._states.get(self._resolve_id(actor_id))
        return state.to_actor() if state else None

    # assignment ---------------------------------------------------------------------------
    def assign(self, article_id: str, published: str | None, entity: dict) -> str:
        """The id of the actor this contract entity is (a new actor when none fits).

        An entity seen before with the same name, type, country, sector and roles gets the actor it
        got then, without a new search: fast on large corpora, and one answer for one entity.
        """
        try:
            profile = (entity["name"], entity.get("type"), entity.get("country"), entity.get("sector"),
                       tuple(entity.get("roles") or ()), entity.get("kb_id"), _scope(entity, article_id))
            known = self._decisions.get(profile)
        except (TypeError, KeyError, AttributeError):
            profile, known = None, None
        if known is not None:
            state = self._states.get(self._resolve_id(known))
            if state is not None:
                self._observe_again(state, article_id, published, entity)
                return state.id
        seen = _observe(entity, article_id)
        state = None
        if seen.kb_id and seen.kb_id in self._by_kb:
            state = self._states.get(self._resolve_id(self._by_kb[seen.kb_id]))
        if state is None:
            state = self._best_candidate(seen)
        if state is None:
            state = self._new_state(self._new_id(seen), seen.person)
            state.scope = seen.scope
        new_names = state.add_name(seen.raw, seen.name)
        state.types[seen.type] += 1
        state.count(seen.country, seen.sector)
        for role in seen.roles:
            state.add_role(role, published, published)
        state.see_article(article_id)
        if seen.kb_id:
            self._by_kb.setdefault(seen.kb_id, state.id)
        if new_names:
            self._index_names(state, seen.raw)
            self._apply_rules_to(state)
        actor_id = self._resolve_id(state.id)
        if profile is not None:
            if len(self._decisions) >= _MAX_DECISIONS:
                self._decisions.clear()  # memory stays bounded; a search gives the same answer in all but rare cases
            self._decisions[profile] = actor_id
        return actor_id

    def _observe_again(self, state: _State, article_id: str | None, published: str | None, entity: dict,
                       times: int = 1) -> None:
        raw = _clean_raw(entity["name"])
        if raw in state.names:
            state.names[raw] += times
        else:
            state.add_name(raw, parse_name(raw, state.person), times)
        state.types[entity.get("type") or "ORG"] += times
        state.count(entity.get("country"), entity.get("sector"), times)
        if article_id is None:  # rebuild: roles and articles counted by the caller
            return
        for role in entity.get("roles") or ():
            if isinstance(role, str) and role.strip():
                state.add_role(role, published, published)
        state.see_article(article_id)

    def _candidates(self, seen: _Observed) -> list[_State]:
        ids: dict[str, None] = {}
        for key in _block_keys(seen.raw, seen.name, seen.person, seen.country, seen.scope, lookup=True):
            for actor_id in self._blocks.get(key, ())[-_MAX_CANDIDATES:]:
                ids[self._resolve_id(actor_id)] = None
        return [self._states[i] for i in ids if i in self._states]

    def _best_candidate(self, seen: _Observed) -> _State | None:
        scored = []
        for state in self._candidates(seen):
            if state.person != seen.person or self._conflict(seen, state):
                continue
            match = _name_match(seen, state)
            if match == 0:
                continue
            if seen.name.key in state.pinned_keys:
                scored.append((9, 2, state))  # the user merged this name into this actor
                continue
            agreement = _agreement(seen, state)
            if seen.weak and state.full and agreement == 0 and not self.lenient_surnames:
                continue  # a bare surname needs context to join a full name
            if not seen.weak and seen.person and not state.full and agreement == 0:
                continue  # a full name takes over a surname-only actor only when context agrees
            scored.append((agreement, match, state))
        if not scored:
            return None
        if seen.weak:
            # a bare surname: the one full-name actor the context agrees with best, else a surname-only actor
            full = sorted((s for s in scored if s[2].full), key=lambda s: (-s[0], s[2].order))
            if full and (len(full) == 1 or full[0][0] > full[1][0]) and (full[0][0] > 0 or len(full) == 1):
                return full[0][2]
            scored = [s for s in scored if not s[2].full]
            scored.sort(key=lambda s: (-s[0], -s[1], s[2].order))
        else:
            scored.sort(key=lambda s: (not s[2].full, -s[1], -s[0], s[2].order))
        return scored[0][2] if scored else None

    def _conflict(self, seen: _Observed, state: _State) -> bool:
        dims = self._split_dims(state, seen)
        country = state.country
        if "country" in dims:
            if seen.country != country:
                return True
        elif seen.country and country and seen.country != country:
            return True
        if "sector" in dims and seen.sector != state.sector:
            return True
        if "role" in dims:
            mine = {fold(r) for r in seen.roles}
            if (mine or state.roles) and not mine & set(state.roles):
                return True
        return False

    def _split_dims(self, state: _State, seen: _Observed) -> set[str]:
        if not self._splits:
            return set()
        dims: set[str] = set()
        for key in state.keys() | {fold(seen.raw), seen.name.key}:
            dims |= self._splits.get(key, set())
        return dims

    # forgetting ---------------------------------------------------------------------------
    def rebuild(self, actor_ids: Iterable[str], observations: Iterable[tuple[str, dict, int, str | None, str | None]],
                article_counts: dict[str, int]) -> set[str]:
        """Forget what these actors were built from and build them again from `observations`:
        (actor id, entity, how many entities like it, first and last date seen) of the entities still
        assigned to one of them (those of a replaced article no longer are), in the order their
        articles came; `article_counts`: how many articles name each. An actor left with none is
        dropped, with the merges that led to it: no article names it, and its id is free again, as
        in an index loaded after a restart. Returns the ids dropped."""
        states: dict[str, _State] = {}
        for actor_id in actor_ids:
            state = self._states.get(self._resolve_id(actor_id))
            if state is not None and state.id not in states:
                self._unfile(state)
                fresh = _State(state.id, state.person, state.order)
                fresh.scope, fresh.pinned_name, fresh.pinned_keys = state.scope, state.pinned_name, state.pinned_keys
                states[state.id] = self._states[state.id] = fresh
        if self._by_kb:
            self._by_kb = {kb: actor_id for kb, actor_id in self._by_kb.items() if actor_id not in states}
        for actor_id, entity, times, first, last in observations:
            state = states.get(self._resolve_id(actor_id))
            if state is not None:
                self._observe_again(state, None, None, entity, times)
                for role in entity.get("roles") or ():
                    if isinstance(role, str) and role.strip():
                        state.add_role(role, first, last)
                if entity.get("kb_id"):
                    self._by_kb.setdefault(entity["kb_id"], state.id)
        for actor_id, n in article_counts.items():
            state = states.get(self._resolve_id(actor_id))
            if state is not None:
                state.article_count += n
        dropped = {actor_id for actor_id, state in states.items() if not state.names}
        for actor_id, state in states.items():
            if actor_id in dropped:
                del self._states[actor_id]
                self._taken.discard(actor_id)
            else:
                self._index_names(state)
        if dropped:
            for old in [old for old in self._redirects if self._resolve_id(old) in dropped]:
                del self._redirects[old]
                self._taken.discard(old)
        # an entity decided before may have joined them for a name or context they no longer have
        self._decisions = {profile: i for profile, i in self._decisions.items() if self._resolve_id(i) not in states}
        return dropped

    def _unfile(self, state: _State) -> None:
        """Take the actor out of the blocks and keys its names filed it under."""
        for raw, parsed in state.parsed.items():
            for key in _block_keys(raw, parsed, state.person, state.country, state.scope):
                _unfile(self._blocks, key, state.id)
        for key in state.keys():
            _unfile(self._by_key, key, state.id)

    # overrides ----------------------------------------------------------------------------
    def apply_overrides(self, path: str | Path) -> list[str]:
        """Read the overrides file and apply it now and to every later assignment.

        Returns one message per line that could not be applied (bad lines are skipped). A file that
        does not exist holds no overrides. Calling it again replaces the rules it set before.
        """
        overrides, problems = read_overrides(path)
        self.set_overrides(overrides)
        return problems

    def set_overrides(self, overrides: list[Override]) -> None:
        self._decisions.clear()
        self._rules = [o for o in overrides if o.action in ("merge", "rename")]
        self._rules_by_key = {}
        self._splits = {}
        for number, rule in enumerate(self._rules):
            refs = (rule.target, rule.argument) if rule.action == "merge" else (rule.target,)
            for key in set().union(*(_ref_keys(ref) for ref in refs)):
                self._rules_by_key.setdefault(key, []).append(number)
        for o in overrides:
            if o.action == "split":
                for key in _ref_keys(o.target):
                    self._splits.setdefault(key, set()).add(o.argument)
        for rule in self._rules:
            self._apply_rule(rule)

    def _apply_rules_to(self, state: _State) -> None:
        """Apply the rules that name one of this actor's names (or its id): it may just have got them."""
        if not self._rules:
            return
        numbers = {n for key in state.keys() | {state.id} for n in self._rules_by_key.get(key, ())}
        for number in sorted(numbers):
            self._apply_rule(self._rules[number])

    def _apply_rule(self, rule: Override) -> None:
        if rule.action == "rename":
            for match in self._lookup(rule.target):
                match.pinned_name = rule.argument
            return
        targets = self._lookup(rule.target)
        if not targets:
            return  # a merge waits until both actors exist
        target = targets[0]
        for source in self._lookup(rule.argument):
            if source is not target:
                self._merge(target, source)

    def _lookup(self, ref: str) -> list[_State]:
        """The live actors an override names: by id (merged ids followed) or by any of their names."""
        if ref in self._states or ref in self._redirects:
            state = self._states.get(self._resolve_id(ref))
            return [state] if state else []
        found: dict[str, _State] = {}
        for key in _ref_keys(ref):
            for actor_id in self._by_key.get(key, ()):
                actor_id = self._resolve_id(actor_id)
                if actor_id in self._states:
                    found[actor_id] = self._states[actor_id]
        return sorted(found.values(), key=lambda s: s.order)

    def _merge(self, target: _State, source: _State) -> None:
        target.absorb(source)
        del self._states[source.id]
        self._redirects[source.id] = target.id
        self._index_names(target)
        for kb, actor_id in self._by_kb.items():
            if actor_id == source.id:
                self._by_kb[kb] = target.id
        self._apply_rules_to(target)  # names it just got may be named by other rules (merges only shrink: this ends)

    # bookkeeping --------------------------------------------------------------------------
    def _new_state(self, actor_id: str, person: bool) -> _State:
        state = _State(actor_id, person, self._counter)
        self._counter += 1
        self._states[actor_id] = state
        self._taken.add(actor_id)
        return state

    def _new_id(self, seen: _Observed) -> str:
        prefix = "person" if seen.person else (seen.type or "org").lower()
        slug = "-".join(seen.name.spelled or seen.name.words) or fold(seen.raw).replace(" ", "-") or "unnamed"
        candidate = f"{prefix}:{slug}"
        if seen.scope:
            candidate = f"{candidate}@{seen.scope}"  # one article's "Foreign Ministry"; from_actors reads the scope back
        if candidate in self._taken and seen.country:
            candidate = f"{prefix}:{slug}-{fold(seen.country).replace(' ', '-')}"  # "org:foreign-ministry-ukr"
        number = 2
        while candidate in self._taken:
            candidate = f"{prefix}:{slug}-{number}"
            number += 1
        return candidate

    def _index_names(self, state: _State, only: str | None = None) -> None:
        for raw, parsed in state.parsed.items():
            if only is not None and raw != only:
                continue
            for key in _block_keys(raw, parsed, state.person, state.country, state.scope):
                _file(self._blocks, key, state.id)
        for key in state.keys():
            _file(self._by_key, key, state.id)

    def _resolve_id(self, actor_id: str) -> str:
        if actor_id not in self._redirects:
            return actor_id
        seen = set()
        while actor_id in self._redirects and actor_id not in seen:
            seen.add(actor_id)
            actor_id = self._redirects[actor_id]
        return actor_id


# helpers ----------------------------------------------------------------------------------
def _scope(entity: dict, article_id) -> str | None:
    """The article a generic, country-less institution name belongs to; None for every other entity."""
    if entity.get("type") == PERSON or entity.get("country"):
        return None
    name = entity.get("name")
    if not isinstance(name, str):
        return None
    return str(article_id) if _generic(name) else None


@lru_cache(maxsize=65536)
def _generic(name: str) -> bool:
    return is_generic_institution(parse_name(_clean_raw(name), False))


def _observe(entity: dict, article_id: str = "") -> _Observed:
    if not isinstance(entity, dict):
        raise NewsgraphError(ErrorCode.BAD_ENTITY, f"expected an entity object, got {type(entity).__name__}")
    raw = entity.get("name")
    if not isinstance(raw, str) or not raw.strip() or not fold(raw):
        raise NewsgraphError(ErrorCode.BAD_ENTITY, f"entity {entity.get('id')!r} has no usable name: {raw!r}")
    raw = _clean_raw(raw)
    type_ = str(entity.get("type") or "ORG")
    person = type_ == PERSON
    name = parse_name(raw, person)
    if not name.words:
        name = Name(tuple(fold(raw).split()), ())
    roles = tuple(r for r in (entity.get("roles") or []) if isinstance(r, str) and r.strip())
    return _Observed(
        raw=raw,
        name=name,
        person=person,
        type=type_,
        country=entity.get("country") or None,
        sector=entity.get("sector") or None,
        roles=roles,
        role_words=frozenset(_role_words(roles + name.titles)),
        kb_id=entity.get("kb_id") or None,
        scope=_scope({**entity, "name": raw}, article_id),
    )


@lru_cache(maxsize=65536)
def _clean_raw(raw: str) -> str:
    """The name as an alias: spacing collapsed, no leading "the"."""
    spaced = " ".join(raw.split())
    return _LEADING_THE.sub("", spaced) or spaced


def _block_keys(raw: str, name: Name, person: bool, country: str | None, scope: str | None,
                lookup: bool = False) -> list[str]:
    """Where an actor with this name is filed (lookup=False), or where to look for one (lookup=True).

    People are filed by surname, and full names also by their first word ("s:"), where only a bare
    name looks: "Wang" finds "Wang Yi" (surname first) without every "John" comparing with every other.
    Institutions are filed by their order-free key, with and without their country ("Russian Foreign
    Ministry" also as "foreign ministry"), and by their initials, where acronyms look.
    """
    if not name.words:
        return []
    if not person:
        if scope:
            return [f"o:{institution_key(name)}@{scope}"]
        keys = [f"o:{key}" for key in _institution_keys(name, country)]
        short = acronym(raw)
        # full names are filed by initials ("a:") where acronyms look, acronyms ("A:") where full names look
        if short:
            keys.append(("a:" if lookup else "A:") + short)
        elif len(name.words) > 1:
            prefix = "A:" if lookup else "a:"
            keys.extend(sorted({prefix + initials(name), prefix + initials(without_country(name, country))}))
        return keys
    keys = ["p:" + surname_block(name.surname)]
    if len(name.words) > 1:
        keys.append("f:" + name.joined)  # however the name's parts are spaced or hyphenated
    if len(name.words) > 1 and not lookup:
        keys.append("s:" + surname_block(name.words[0]))
    elif len(name.words) == 1 and lookup:
        keys.append("s:" + surname_block(name.words[0]))
    return keys


def _institution_keys(name: Name, country: str | None) -> set[str]:
    return {institution_key(name), institution_key(without_country(name, country))}


def _file(blocks: dict[str, list[str]], key: str, actor_id: str) -> None:
    bucket = blocks.setdefault(key, [])
    if actor_id not in bucket[-8:] and actor_id not in bucket:  # the usual case is found at the end
        bucket.append(actor_id)


def _unfile(blocks: dict[str, list[str]], key: str, actor_id: str) -> None:
    bucket = blocks.get(key)
    if bucket and actor_id in bucket:
        bucket.remove(actor_id)
        if not bucket:
            del blocks[key]


def _name_match(seen: _Observed, state: _State) -> int:
    """2: one of the actor's names is this name; 1: compatible names; 0: not this actor."""
    best = 0
    for parsed in state.parsed.values():
        if parsed.words == seen.name.words or (seen.person and len(parsed.words) > 1 and parsed.joined == seen.name.joined):
            return 2
        if not seen.person:
            if _institution_keys(parsed, state.country) & _institution_keys(seen.name, seen.country):
                best = max(best, 1)
            elif seen.country and seen.country == state.country and _acronym_of(seen, parsed):
                best = max(best, 1)  # "NATO" = "North Atlantic Treaty Organization", same country code only
            continue
        if seen.weak:
            if len(parsed.words) > 1 and seen.name.words[0] in (parsed.words[-1], parsed.words[0]):
                best = max(best, 1)
            elif len(parsed.words) == 1 and same_surname(parsed.words[0], seen.name.words[0]):
                best = max(best, 1)
        elif len(parsed.words) == 1:
            # a full name meets a one-word alias: only a surname-only actor is compared by surname
            if not state.full and same_surname(parsed.words[0], seen.name.surname):
                best = max(best, 1)
        elif same_person_name(parsed, seen.name):
            best = max(best, 1)
    return best


def _acronym_of(seen: _Observed, parsed: Name) -> bool:
    mine = acronym(seen.raw)
    if mine:
        return len(parsed.words) > 1 and mine in (initials(parsed), initials(without_country(parsed, seen.country)))
    theirs = "".join(parsed.spelled) if len(parsed.words) == 1 else None
    return bool(theirs) and len(seen.name.words) > 1 and theirs == initials(seen.name)


def _agreement(seen: _Observed, state: _State) -> int:
    """How much of the context agrees: same country, same sector, a shared role word (0-3)."""
    score = 0
    if seen.country and seen.country == state.country:
        score += 1
    if seen.sector and seen.sector == state.sector:
        score += 1
    if seen.role_words & state.role_words:
        score += 1
    return score


@lru_cache(maxsize=65536)
def _fold_cached(text: str) -> str:
    return fold(text)


def _role_words(roles) -> set[str]:
    stop = _role_stop_words()
    return {word for role in roles for word in _fold_cached(role).split() if word not in stop}


@cache
def _role_stop_words() -> frozenset[str]:
    return frozenset(read_lines(ROLE_STOP_WORDS_FILE))


def _ref_keys(ref: str) -> set[str]:
    keys = {fold(ref), ref}
    for person in (True, False):
        parsed = parse_name(ref, person)
        if parsed.words:
            keys.add(parsed.key)
    return keys


def _earliest(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if (a or b) else None


def _latest(a: str | None, b: str | None) -> str | None:
    return max(x for x in (a, b) if x) if (a or b) else None


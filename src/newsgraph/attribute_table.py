"""The model's `attribute_ruler` as a table look-up: same attributes, a fraction of the time.

spaCy's AttributeRuler runs its Matcher (179 token patterns in en_core_web_sm) over every token
of every document, then sets each match's attributes through a Span: about an eighth of the
model's own time. Its patterns only test a token's TAG, LOWER, DEP and IS_SPACE (and, for a
few two-token patterns, its neighbour's), so what it does to a token is fixed by those four
values: worked out once per distinct combination (the word itself only where a pattern can
name it) and kept. The attributes are then written for the whole document with one
`Doc.from_array`. The rules apply in the ruler's order, later rules winning, all of them
matched against the tags and labels as they were before any was applied, as spaCy does.

A ruler whose patterns use anything else (other attributes, operators, extension attributes)
is kept as it is: `AttributeTable.supports` says which.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import numpy
from spacy.attrs import DEP, IDS, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

from newsgraph.stand_in import StandIn

KEY_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what a supported pattern may test, in key order
_KEY_COLUMNS = [TAG, LOWER, DEP, IS_SPACE]
_SETTABLE_NAMES = ("POS", "TAG", "DEP", "LEMMA", "MORPH")  # plain token fields Doc.from_array writes
_SETTABLE = frozenset(IDS[name] for name in _SETTABLE_NAMES)

MAX_WORDS_KEPT = 200_000  # words whose class is kept (about 18 MB); past it, all that was worked out goes

Key = tuple[int, int, int, int]  # TAG, LOWER (0 unless some pattern can name the word), DEP, IS_SPACE
Test = Callable[[Key], bool]


def _value_test(position: int, value, strings) -> tuple[Test, set[int] | None, list[re.Pattern]]:
    """A test of one attribute of a key, the words it names (LOWER: hashes) and its regexes."""
    if isinstance(value, bool):
        wanted = int(value)
        return (lambda key: key[position] == wanted), set(), []
    if isinstance(value, str):
        wanted = get_string_id(value)
        return (lambda key: key[position] == wanted), {wanted}, []
    if isinstance(value, dict) and len(value) == 1:
        (operator, operand), = value.items()
        if operator in ("IN", "NOT_IN") and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
            ids = frozenset(get_string_id(v) for v in operand)
            if operator == "IN":
                return (lambda key: key[position] in ids), set(ids), []
            # the words NOT_IN names must keep their own key, or they would pass as key 0
            return (lambda key: key[position] not in ids), set(ids), []
        if operator == "REGEX" and isinstance(operand, str) and not re.search(operand, ""):
            pattern = re.compile(operand)  # never true of "": a word no pattern names has key 0
            return (lambda key: bool(pattern.search(strings[key[position]]))), set(), [pattern]
    raise ValueError(f"unsupported pattern value {value!r}")


class _Rules:
    """The ruler's rules compiled into tests on token keys."""

    def __init__(self, ruler: AttributeRuler):
        strings = ruler.vocab.strings
        self.named_words: set[int] = set()  # LOWER values a pattern names
        self.word_regexes: list[re.Pattern] = []  # LOWER patterns a word may match
        self.columns: list[int] = sorted({attr for attrs in ruler.attrs for attr in attrs})
        self.single: list[tuple[int, list[Test]]] = []  # (rule position, [its token's test])
        self.multi: list[tuple[int, int, list[Test]]] = []  # (rule position, target token, [test per token])
        self.values: list[dict[int, int]] = [dict(attrs) for attrs in ruler.attrs]  # by rule: attribute -> value
        if any(not isinstance(attr, int) or attr not in _SETTABLE for attrs in self.values for attr in attrs):
            raise ValueError("the ruler sets an attribute other than " + ", ".join(sorted(_SETTABLE_NAMES)))
        for position, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tests = [self._token_test(spec, strings) for spec in pattern]
                index = entry["index"]
                if not -len(pattern) <= index < len(pattern):
                    raise ValueError("target index outside the pattern")
                if len(pattern) == 1:
                    self.single.append((position, tests))
                else:
                    self.multi.append((position, index % len(pattern), tests))

    def _token_test(self, spec: dict, strings) -> Test:
        if not isinstance(spec, dict) or not spec or any(name not in KEY_ATTRS for name in spec):
            raise ValueError(f"unsupported pattern token {spec!r}")
        tests = []
        for name, value in spec.items():
            test, words, regexes = _value_test(KEY_ATTRS.index(name), value, strings)
            if name == "LOWER":
                if 0 in words:  # "" alone or in a set: key 0 stands for the words no pattern names
                    raise ValueError("the empty word in a LOWER pattern")
                self.named_words |= words
                self.word_regexes += regexes
            elif regexes:
                raise ValueError("a regex on an attribute other than LOWER")
            tests.append(test)
        return lambda key: all(test(key) for test in tests)


class AttributeTable(StandIn):
    """Replaces an AttributeRuler (see the module's doc); `copy_rules` loads the ruler's rules.
    The ruler is kept: it is what is pickled and serialized, the compiled rules (lambdas) are not."""

    def __init__(self, vocab, name: str = "attribute_ruler"):
        self.vocab = vocab
        self.name = name
        self.ruler: AttributeRuler | None = None
        self.rules: _Rules | None = None
        self._forget()

    def _forget(self) -> None:
        self._word_class: dict[int, int] = {}  # LOWER -> itself if a pattern can name it, else 0
        # key -> (the single-token rules it matches, the multi-token patterns it can start): one
        # entry, so that a thread never finds one half without the other
        self._key_rules: dict[Key, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._folded: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}  # rules -> (column, value)

    @staticmethod
    def supports(ruler: AttributeRuler) -> bool:
        try:
            _Rules(ruler)
        except ValueError:
            return False
        return True

    def copy_rules(self, ruler: AttributeRuler) -> AttributeTable:
        self.rules = _Rules(ruler)
        self.ruler = ruler
        self._forget()  # what was worked out from the rules before
        return self

    _hold = copy_rules

    def __getstate__(self) -> dict:
        return {"vocab": self.vocab, "name": self.name, "ruler": self.ruler}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["vocab"], state["name"])
        if state["ruler"] is not None:
            self.copy_rules(state["ruler"])

    def _held(self) -> AttributeRuler:
        if self.ruler is None:
            raise ValueError("AttributeTable has no rules: call copy_rules first")
        return self.ruler

    def _to_load_into(self) -> AttributeRuler:
        return self.ruler if self.ruler is not None else AttributeRuler(self.vocab, self.name)

    def _class_of(self, word: int) -> int:
        rules = self.rules
        if word in rules.named_words:
            return word
        text = self.vocab.strings[word]
        return word if any(p.search(text) for p in rules.word_regexes) else 0

    def _rules_of(self, key: Key) -> tuple[tuple[int, ...], tuple[int, ...]]:
        single = tuple(sorted({p for p, tests in self.rules.single if tests[0](key)}))
        starts = tuple(n for n, (_, _, tests) in enumerate(self.rules.multi) if tests[0](key))
        found = self._key_rules[key] = (single, starts)
        return found

    def _fold(self, rules: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """(column position, value) the rules leave, applied in order (later ones win)."""
        found = self._folded.get(rules)
        if found is None:
            values: dict[int, int] = {}
            for rule in rules:
                values.update(self.rules.values[rule])
            columns = self.rules.columns
            found = self._folded[rules] = tuple((columns.index(attr), value) for attr, value in values.items())
        return found

    def __call__(self, doc: Doc) -> Doc:
        ruler = self._held()
        try:
            return self._apply(doc)
        except Exception as e:  # noqa: BLE001 - handled as the ruler would
            return ruler.get_error_handler()(self.name, self, [doc], e)

    def _apply(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if len(self._word_class) > MAX_WORDS_KEPT:  # a long run meets ever more words: start afresh
            self._forget()  # the keys too: a word a LOWER regex matches is a class of its own
        word_class, key_rules = self._word_class, self._key_rules
        tags, lowers, deps, spaces = doc.to_array(_KEY_COLUMNS).T.tolist()
        classes = []
        for word in lowers:
            found = word_class.get(word)
            if found is None:
                found = word_class[word] = self._class_of(word)
            classes.append(found)
        keys = list(zip(tags, classes, deps, spaces))
        matched: list[tuple[int, ...]] = []
        extra: dict[int, set[int]] = {}  # token -> rules matched by multi-token patterns
        for i, key in enumerate(keys):
            found = key_rules.get(key)
            if found is None:
                found = self._rules_of(key)
            rules, starts = found
            matched.append(rules)
            if starts:
                self._match_multi(keys, i, starts, extra)
        for i, rules in extra.items():
            matched[i] = tuple(sorted(set(matched[i]) | rules))
        columns = self.rules.columns
        if not columns:
            return doc
        values = doc.to_array(columns).reshape(len(doc), len(columns))  # to_array drops a lone column's axis
        fold = self._fold
        for i, rules in enumerate(matched):
            if rules:
                row = values[i]
                for column, value in fold(rules):
                    row[column] = value
        doc.from_array(columns, values)
        return doc

    def _match_multi(self, keys: list[Key], start: int, patterns: tuple[int, ...], extra: dict[int, set[int]]) -> None:
        for n in patterns:
            rule, target, tests = self.rules.multi[n]
            if start + len(tests) <= len(keys) and all(test(keys[start + k]) for k, test in enumerate(tests)):
                extra.setdefault(start + target, set()).add(rule)

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


@Language.factory("newsgraph_attribute_table")
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    return AttributeTable(nlp.vocab, name)


def use_attribute_table(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put an AttributeTable in place of the pipeline's attribute ruler, where its patterns allow."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler) or not AttributeTable.supports(ruler):
        return False
    nlp.replace_pipe(name, "newsgraph_attribute_table")
    nlp.get_pipe(name).copy_rules(ruler)
    return True



"""The event data tables and the PETRARCH conversion that writes one of them."""
import importlib.util
from pathlib import Path

import pytest

from newsgraph.extract.events.patterns import (
    category_quads, complement_effects, parse_pattern, pattern_set, patterns_for,
)

ROOT = Path(__file__).resolve().parents[2]


def load_builder():
    spec = importlib.util.spec_from_file_location("build_event_patterns", ROOT / "tools" / "build_event_patterns.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_category_has_a_quad_and_sanction_is_material_conflict():
    quads = category_quads()
    assert len(quads) == 16
    assert quads["SANCTION"] == "MX"
    assert set(quads.values()) == {"VC", "MC", "VX", "MX"}


def test_hand_patterns_parse_with_objects_preps_and_particles():
    pattern = parse_pattern(("crack down", "V", "-", "on", "COERCE", "-", "subj", "on", "0.85"), 0)
    assert (pattern.general, pattern.particle, pattern.preps[0].prep) == (False, "down", "on")
    pattern = parse_pattern(("*", "V", "aid package|state of emergency", "-", "AID", "-", "subj", "auto", "0.5"), 0)
    assert [o.words for o in pattern.objects] == [("aid", "package"), ("state", "of", "emergency")]
    assert pattern.recipient[0] == "dobj" and pattern.specificity == 1 and pattern.general


def test_synonyms_share_their_patterns_and_pattern_sets():
    row = ("start", "V", "talks", "-", "CONSULT", "-", "subj+recipient", "with", "0.6")
    assert parse_pattern(row, 1) is parse_pattern(("begin",) + row[1:], 1)
    assert pattern_set("commence", "V") is pattern_set("initiate", "V")
    assert pattern_set("xyzzy", "V") is pattern_set("*", "V")  # a verb with no patterns of its own
    assert pattern_set("xyzzy", "N") is None


def test_hand_written_patterns_come_before_converted_ones():
    ranks = [p.rank for p in patterns_for("impose", "V")]
    assert ranks == sorted(ranks) and ranks[0] == 0


def test_complement_effects():
    effects = complement_effects()
    assert effects["plan"] == "planned" and effects["fail"] == "negated"
    assert effects["refuse"] == "absorbed" and effects["order"] == "causative"


@pytest.fixture(scope="module")
def builder():
    return load_builder()


def test_conversion_applies_newsgraph_rulings(builder):
    table = {"163": ("COERCE", "restrict"), "17": ("COERCE", ""), "04": ("CONSULT", ""), "041": ("CONSULT", "phone")}
    assert builder.plover_of("163", table) == ("SANCTION", "discontinue")
    assert builder.plover_of("010", table) == ("NONE", "")  # statements are not events
    assert builder.plover_of("023", table) == ("NONE", "")  # appeals are not events
    assert builder.plover_of("---", table) == ("NONE", "")
    assert builder.plover_of("1711", table) == ("COERCE", "")  # falls back to the root code
    assert builder.plover_of("041", table) == ("CONSULT", "phone")


def test_conversion_reads_simple_verb_patterns(builder):
    synsets = {"&WEAPON": ["weapon", "arms"]}
    assert builder.parse_pattern("SANCTIONS", synsets) == (None, ["sanctions", "sanction"], None)
    assert builder.parse_pattern("POLICE (TO BORDER)", synsets) == (None, ["police"], ["to border"])
    assert builder.parse_pattern("{MARTIAL LAW}", synsets) == (None, ["martial law"], None)
    assert builder.parse_pattern("UP &WEAPON", synsets) == ("up", ["weapon", "arms", "arm"], None)
    assert builder.parse_pattern("$ * +", synsets) is None  # source/target markers: not converted


def test_an_any_object_pattern_and_an_actor_named_by_a_preposition():
    pattern = parse_pattern(("return", "V", "*", "-", "RETREAT", "release", "subj", "to", "0.55"), 0)
    assert [o.words for o in pattern.objects] == [("*",)]
    pattern = parse_pattern(("face", "V", "criticism", "-", "ACCUSE", "-", "from", "subj", "0.75"), 0)
    assert (pattern.actor, pattern.recipient) == ("from", ("subj",))


def test_support_verbs_and_means_categories():
    from newsgraph.extract.events.patterns import object_is_recipient, support_verbs

    verbs = support_verbs()
    assert "announce" in verbs and verbs["pledge"] == "planned" and verbs["announce"] is None
    assert "condemn" not in verbs  # a content verb: its object is someone else's act
    assert not object_is_recipient("MOBILIZE") and object_is_recipient("ASSAULT")


def test_every_pattern_category_has_a_quad():
    from newsgraph.extract.events.patterns import _patterns_by_trigger

    quads = category_quads()
    categories = {p.category for ps in _patterns_by_trigger().values() for p in ps}
    assert categories - {"NONE"} <= set(quads)


def test_meeting_a_need_or_a_goal_is_no_meeting():
    [first, *_] = patterns_for("meet", "V")  # the hand-written ones first, the most specific first
    assert first.category == "NONE" and {o.words for o in first.objects} >= {("need",), ("goal",), ("deadline",)}
    assert any(p.category == "CONSULT" and not p.objects for p in patterns_for("meet", "V"))


def test_refusal_modes_give_the_reject_mode_of_each_refusable_category():
    from newsgraph.extract.events.component import refusal_modes
    modes = refusal_modes()
    assert (modes["CONSULT"], modes["AID"], modes["RETREAT"]) == ("meet", "assist", "yield")
    assert modes["AGREE"] is None and "ASSAULT" not in modes

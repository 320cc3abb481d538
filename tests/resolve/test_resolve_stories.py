import pytest

from newsgraph.resolve.stories import StoryAssignment, StoryIndex

WIRE = (
    "KYIV, May 14 (Reuters) - U.S. Secretary of State Antony Blinken arrived in Kyiv on Tuesday on an "
    "unannounced visit, his fourth since Russia's full-scale invasion, to reassure Ukraine that weapons "
    "from a long-delayed $61 billion aid package were on their way as Russian forces pressed an offensive "
    "in the northeastern Kharkiv region. Blinken met President Volodymyr Zelenskiy and Foreign Minister "
    "Dmytro Kuleba and was due to give a speech on the future of Ukraine's security. \"Assistance is on "
    "its way, some of it has already arrived and more will arrive,\" Blinken told Zelenskiy. The visit "
    "came as Ukrainian troops struggled to hold back Russian assaults near the town of Vovchansk, where "
    "officials said thousands of civilians had been evacuated in recent days."
)
# the same wire story as a client site ran it: new dateline, one sentence cut, a line of site chrome
SYNDICATED = (
    "May 14, 2024 - U.S. Secretary of State Antony Blinken arrived in Kyiv on Tuesday on an "
    "unannounced visit, his fourth since Russia's full-scale invasion, to reassure Ukraine that weapons "
    "from a long-delayed $61 billion aid package were on their way as Russian forces pressed an offensive "
    "in the northeastern Kharkiv region. Blinken met President Volodymyr Zelenskiy and Foreign Minister "
    "Dmytro Kuleba and was due to give a speech on the future of Ukraine's security. \"Assistance is on "
    "its way, some of it has already arrived and more will arrive,\" Blinken told Zelenskiy. The visit "
    "came as Ukrainian troops struggled to hold back Russian assaults near the town of Vovchansk, where "
    "officials said thousands of civilians had been evacuated in recent days. Share this article."
)
# another outlet's own account of the same visit
OTHER_OUTLET = (
    "Antony Blinken made an unannounced trip to Kyiv on Tuesday, promising Volodymyr Zelenskiy that "
    "American weapons from the $61 billion aid package were arriving, as Russian forces pushed their "
    "Kharkiv offensive toward Vovchansk. The U.S. secretary of state met Foreign Minister Dmytro Kuleba "
    "and said assistance was on its way, his fourth visit to Ukraine since the Russian invasion; "
    "civilians were evacuated from Vovchansk as Ukrainian troops held back assaults."
)
UNRELATED = (
    "BEIJING, April 8 - U.S. Treasury Secretary Janet Yellen warned Chinese firms on Monday of "
    "significant consequences if they provide material support for Russia's war, wrapping up four days "
    "of talks in Guangzhou and Beijing with Vice Premier He Lifeng on industrial overcapacity, electric "
    "vehicles and solar panels that Washington says are flooding global markets at low prices."
)


def test_a_syndicated_copy_is_a_duplicate_of_the_first_copy():
    index = StoryIndex()
    first = index.add("wire", WIRE, "2024-05-14")
    assert first == StoryAssignment(duplicate_of=None, story_id="story:wire")
    copy = index.add("client", SYNDICATED, "2024-05-14")
    assert copy == StoryAssignment(duplicate_of="wire", story_id="story:wire")
    # a copy of the copy points at the original
    assert index.add("client2", SYNDICATED + " Advertisement.", "2024-05-15").duplicate_of == "wire"


def test_the_same_story_by_another_outlet_joins_the_story_but_is_no_duplicate():
    index = StoryIndex()
    index.add("wire", WIRE, "2024-05-14")
    other = index.add("other", OTHER_OUTLET, "2024-05-15")
    assert other == StoryAssignment(duplicate_of=None, story_id="story:wire")
    assert index.add("yellen", UNRELATED, "2024-05-14") == StoryAssignment(None, "story:yellen")
    assert index.story_size("story:wire") == 2


def test_a_story_has_a_time_window():
    index = StoryIndex(window_days=3)
    index.add("wire", WIRE, "2024-05-14")
    assert index.add("later", OTHER_OUTLET, "2024-06-30").story_id == "story:later"
    # a verbatim copy is a copy whenever it ran
    assert index.add("rerun", WIRE, "2025-01-01").duplicate_of == "wire"
    # no date: no window
    assert index.add("undated", OTHER_OUTLET, None).story_id in {"story:wire", "story:later"}


def test_adding_again_is_idempotent_and_a_changed_text_is_placed_again():
    index = StoryIndex()
    index.add("wire", WIRE, "2024-05-14")
    assert index.add("client", SYNDICATED, "2024-05-14").duplicate_of == "wire"
    assert index.add("client", SYNDICATED, "2024-05-14").duplicate_of == "wire"
    assert len(index) == 2 and index.story_size("story:wire") == 2
    assert index.add("client", UNRELATED, "2024-05-14") == StoryAssignment(None, "story:client")
    assert index.story_size("story:wire") == 1


def test_rebuild_from_stored_texts_gives_the_same_assignments():
    articles = [("wire", WIRE, "2024-05-14"), ("yellen", UNRELATED, "2024-04-08"),
                ("client", SYNDICATED, "2024-05-14"), ("other", OTHER_OUTLET, "2024-05-15"), ("empty", "", None)]
    _, first = StoryIndex.rebuild(articles)
    _, second = StoryIndex.rebuild(articles)
    assert first == second
    assert first["client"].duplicate_of == "wire" and first["other"].story_id == "story:wire"
    assert first["empty"] == StoryAssignment(None, "story:empty")


def test_an_index_restored_from_signatures_goes_on_as_the_original():
    index = StoryIndex()
    index.add("wire", WIRE, "2024-05-14")
    index.add("yellen", UNRELATED, "2024-04-08")
    signatures = [index.signature("wire"), index.signature("yellen")]
    assert index.signature("nope") is None
    assert isinstance(signatures[0].copies, bytes) and len(signatures[0].copies) == 128 * 4

    restored = StoryIndex.from_signatures(signatures)
    assert len(restored) == 2 and restored.assignment("wire") == index.assignment("wire")
    assert restored.add("wire", WIRE, "2024-05-14") == StoryAssignment(None, "story:wire")  # unchanged: no-op
    for copy in (index, restored):
        assert copy.add("client", SYNDICATED, "2024-05-14") == StoryAssignment("wire", "story:wire")
        assert copy.add("other", OTHER_OUTLET, "2024-05-15") == StoryAssignment(None, "story:wire")
    assert restored.signature("other") == index.signature("other")


def test_signatures_of_other_settings_are_refused():
    small = StoryIndex(num_perm=64)
    small.add("a", WIRE)
    with pytest.raises(ValueError, match="num_perm"):
        StoryIndex.from_signatures([small.signature("a")])


@pytest.mark.parametrize("count", [0, 1, 7, 300])
def test_minhash_values_are_datasketch_affine32_minhashes(count):
    """Signatures stored by earlier versions (datasketch's own update_batch) stay comparable."""
    import numpy as np
    from datasketch import MinHash

    from newsgraph.resolve.stories import minhash_values_of

    features = np.random.default_rng(count).integers(0, 2**32, count, dtype=np.uint64)
    reference = MinHash(num_perm=128, seed=1, hashfunc=int, scheme="affine32")
    reference.update_batch(features.tolist())
    [mine] = minhash_values_of((features,), reference.permutations)
    assert mine.dtype == np.uint32 and np.array_equal(mine, reference.hashvalues)


@pytest.mark.parametrize("counts", [(300, 120), (0, 7), (7, 0), (0, 0)])
def test_minhash_values_of_several_arrays_are_each_arrays_own(counts):
    import numpy as np
    from datasketch import MinHash

    from newsgraph.resolve.stories import minhash_values_of

    rng = np.random.default_rng(sum(counts))
    features = tuple(rng.integers(0, 2**32, count, dtype=np.uint64) for count in counts)
    permutations = MinHash(num_perm=128, seed=1, scheme="affine32").permutations
    together = minhash_values_of(features, permutations)
    assert len(together) == len(features)
    for values, alone in zip(together, features):
        assert values.dtype == np.uint32 and np.array_equal(values, minhash_values_of((alone,), permutations)[0])


def test_signatures_do_not_depend_on_the_order_articles_come_in():
    first, _ = StoryIndex.rebuild([("a", WIRE, "2024-05-14"), ("b", UNRELATED, "2024-04-08")])
    second, _ = StoryIndex.rebuild([("b", UNRELATED, "2024-04-08"), ("a", WIRE, "2024-05-14")])
    assert first.signature("a").copies == second.signature("a").copies
    assert first.signature("a").story == second.signature("a").story


def test_the_story_signature_is_the_minhash_of_the_content_words():
    import numpy as np

    from newsgraph.resolve.stories import content_words, minhash_values_of, shingle_hashes, word_hashes, words

    index = StoryIndex()
    index.add("a", WIRE + " 2024 2024 Kyiv Kyiv")
    tokens = words(WIRE + " 2024 2024 Kyiv Kyiv")
    [story] = minhash_values_of((word_hashes(sorted(content_words(tokens))),), index._permutations)
    [copies] = minhash_values_of((shingle_hashes(word_hashes(tokens)),), index._permutations)
    assert index.signature("a").story == story.astype("<u4").tobytes()
    assert index.signature("a").copies == copies.astype("<u4").tobytes()
    assert "2024" in content_words(tokens) and "the" not in content_words(tokens) and not np.all(story == story[0])


TRICKY_TEXTS = [
    "", "ASCII only: The U.S. said_so 2024.", "“Quoted,” she said — the minister’s words…",
    "Zürich İstanbul STRASSE straße ﬁnance ſ K ΣΑΣ 中文 ١٢ x²", "a\u00a0b\u200bc «d» e\u0301 \ud800z",
    "mixed–dash‐hyphen\u2060joined\u206fend \u2070\u2071",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_word_bytes_are_the_words_encoded(text):
    from newsgraph.resolve.stories import word_bytes, words

    assert word_bytes(text) == [w.encode("utf-8", "surrogatepass") for w in words(text)]


def test_word_bytes_are_the_words_encoded_for_any_text():
    from hypothesis import given, settings, strategies as st

    from newsgraph.resolve.stories import word_bytes, words

    pieces = st.sampled_from(list("aZ9_ .,'\n") + ["ſ", "ß", "İ", "ﬁ", "é", "–", "“", "…", "\u00a0", "\u2071", "²"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.one_of(pieces, st.characters()), max_size=40).map("".join))
    def check(text):
        assert word_bytes(text) == [w.encode("utf-8", "surrogatepass") for w in words(text)]

    check()


def test_general_punctuation_has_no_word_character():
    """word_bytes makes the block's characters spaces, as `words` treats them."""
    import re

    block = [chr(c) for c in range(0x2000, 0x2070)]
    assert not [c for c in block if re.match(r"\w", c) or c.casefold() != c]


def test_a_changed_text_keeps_its_place_and_looks_only_before_it():
    """a1's new text copies b1's, added after it: a1 stays first (its own story, no duplicate),
    as in an index that got the new text first; a new version under another id takes the place
    of the one it replaces."""
    index = StoryIndex()
    index.add("a1", "An entirely unrelated text about harvests and grain prices in the region.", "2024-05-14")
    index.add("b1", WIRE, "2024-05-14")
    assert index.add("a1", SYNDICATED, "2024-05-14") == StoryAssignment(None, "story:a1")
    index.add("c1", SYNDICATED + " More.", "2024-05-14")
    assert index.assignment("c1").duplicate_of == "a1"  # a1 comes first again
    assert index.add("a2", WIRE + " Updated.", "2024-05-14", replaces="a1") == StoryAssignment(None, "story:a2")
    assert "a1" not in index and index.assignment("b1") == StoryAssignment(None, "story:b1")


def test_signature_values_of_many_texts_are_each_texts_own():
    """Texts hashed together (one combining pass over all their words, MinHash arrays in blocks)
    get the values each gets alone: no shingle crosses into the next text, short and empty texts
    included, and a text larger than a block."""
    import numpy as np

    from newsgraph.resolve import stories

    long_text = " ".join(f"word{i % 997} other{i % 13}" for i in range(2 * stories._MINHASH_BLOCK))
    texts = [WIRE, "", "one", "two words here now", "exactly five words in this", *TRICKY_TEXTS, long_text,
             UNRELATED, WIRE + " 2024 Kyiv"]
    together = StoryIndex().signature_values(texts)
    alone = [StoryIndex().signature_values([text])[0] for text in texts]
    assert len(together) == len(texts)
    for (copies, story), (copies_alone, story_alone) in zip(together, alone):
        assert np.array_equal(copies, copies_alone) and np.array_equal(story, story_alone)
    index = StoryIndex()
    index.add("a", WIRE)
    [story_of_wire] = [story for _, story in alone[:1]]
    assert index.signature("a").story == story_of_wire.astype("<u4").tobytes()

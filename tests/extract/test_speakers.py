"""Speaker mentions and what they resolve to, on hand-built parses and entity lists (no model)."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsgraph.extract.extensions import register_extensions
from newsgraph.extract.speakers import mention_span, resolve_mention, speaker_head
from newsgraph.extract.speakers.institutions import is_relay
from newsgraph.extract.speakers.offices import mention_office, role_offices
from newsgraph.records import Entity

register_extensions()
VOCAB = spacy.blank("en").vocab
_NO_SPACE_BEFORE = {",", ".", ":", ";", "'s", "’s"}


def parse(*tokens, ents=None):
    """A Doc from (text, head, dep, pos[, lemma[, tag]]) tuples (absolute heads) and optional IOB entity tags."""
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE for i in range(len(words))]
    doc = Doc(VOCAB, words=words, spaces=spaces, heads=[t[1] for t in tokens], deps=[t[2] for t in tokens],
              pos=[t[3] for t in tokens], lemmas=[t[4] if len(t) > 4 else t[0].lower() for t in tokens], ents=ents,
              tags=[t[5] if len(t) > 5 else "" for t in tokens])
    doc._.entities = []
    return doc


def person(doc, eid, name, at, roles=(), country=None, gender=None, type_="PERSON"):
    start = doc.text.index(at)
    entity = Entity(id=eid, name=name, type=type_, roles=list(roles), country=country, gender=gender)
    entity.add_mention(start, start + len(at))
    doc._.entities.append(entity)
    return entity


def span_of(doc, words):
    start = doc.text.index(words)
    return doc.char_span(start, start + len(words))


# offices.tsv: one office, many names


def test_foreign_minister_has_a_name_in_every_country():
    for mention in ("the foreign minister", "the top diplomat", "the head of the Foreign Ministry",
                    "the Secretary of State", "the Foreign Secretary", "Russia's chief diplomat"):
        keys, _ = mention_office(mention)
        assert "foreign_minister" in keys, mention
    assert "foreign_minister" in role_offices("Secretary of State")
    assert "foreign_minister" in role_offices("Minister of Foreign Affairs")


def test_eu_high_representative_is_the_head_of_european_diplomacy():
    for mention in ("the head of European diplomacy", "the EU foreign policy chief", "the EU's top diplomat"):
        keys, country = mention_office(mention)
        assert keys == {"eu_foreign_chief"} and country == "EUR", mention
    assert "eu_foreign_chief" in role_offices("High Representative")


def test_treasury_secretary_is_a_finance_minister_and_the_pentagon_chief_a_defence_minister():
    assert mention_office("the Treasury Secretary")[0] == {"finance_minister"}
    assert mention_office("the Pentagon chief")[0] == {"defence_minister"}
    assert "defence_minister" in role_offices("Defense Secretary")


def test_a_bare_title_matches_any_role_that_contains_it():
    assert mention_office("the minister")[0] <= role_offices("Foreign Minister")
    assert mention_office("the secretary")[0] <= role_offices("Secretary of State")
    assert mention_office("the spokeswoman")[0] <= role_offices("Foreign Ministry Spokeswoman")


# resolve_mention


def office_doc():
    # U.S. Secretary of State Antony Blinken met Sergey Lavrov . The top U.S. diplomat said no .
    tokens = [("U.S.", 3, "compound", "PROPN"), ("Secretary", 5, "compound", "PROPN"), ("of", 1, "prep", "ADP"),
              ("State", 2, "pobj", "PROPN"), ("Antony", 5, "compound", "PROPN"), ("Blinken", 6, "nsubj", "PROPN"),
              ("met", 6, "ROOT", "VERB"), ("Sergey", 8, "compound", "PROPN"), ("Lavrov", 6, "dobj", "PROPN"),
              (".", 6, "punct", "PUNCT"),
              ("The", 13, "det", "DET"), ("top", 13, "amod", "ADJ"), ("U.S.", 13, "compound", "PROPN"),
              ("diplomat", 14, "nsubj", "NOUN"), ("said", 14, "ROOT", "VERB", "say"), ("no", 14, "dobj", "INTJ"),
              (".", 14, "punct", "PUNCT")]
    ents = ["B-GPE", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O",
            "O", "O", "B-GPE", "O", "O", "O", "O"]
    doc = parse(*tokens, ents=ents)
    blinken = person(doc, "e1", "Antony Blinken", "Antony Blinken", ["Secretary of State"], "USA")
    lavrov = person(doc, "e2", "Sergey Lavrov", "Sergey Lavrov", ["Foreign Minister"], "RUS")
    return doc, blinken, lavrov


def test_office_mention_resolves_to_the_person_with_that_role_in_that_country():
    doc, blinken, _ = office_doc()
    assert resolve_mention(doc, span_of(doc, "The top U.S. diplomat")) is blinken


def test_name_mention_resolves_through_its_entity():
    doc, blinken, _ = office_doc()
    assert resolve_mention(doc, span_of(doc, "Antony Blinken")) is blinken


def pronoun_doc():
    # Mrs. Ana Novak met Marko Horvat . She said no . He said yes .
    tokens = [("Mrs.", 2, "compound", "PROPN"), ("Ana", 2, "compound", "PROPN"), ("Novak", 3, "nsubj", "PROPN"),
              ("met", 3, "ROOT", "VERB"), ("Marko", 5, "compound", "PROPN"), ("Horvat", 3, "dobj", "PROPN"),
              (".", 3, "punct", "PUNCT"),
              ("She", 8, "nsubj", "PRON", "she"), ("said", 8, "ROOT", "VERB", "say"), ("no", 8, "dobj", "INTJ"),
              (".", 8, "punct", "PUNCT"),
              ("He", 12, "nsubj", "PRON", "he"), ("said", 12, "ROOT", "VERB", "say"), ("yes", 12, "dobj", "INTJ"),
              (".", 12, "punct", "PUNCT")]
    doc = parse(*tokens)
    novak = person(doc, "e1", "Ana Novak", "Ana Novak", gender="f")
    horvat = person(doc, "e2", "Marko Horvat", "Marko Horvat")  # gender from first_names.tsv
    return doc, novak, horvat


def test_pronouns_agree_in_gender_with_their_antecedent():
    doc, novak, horvat = pronoun_doc()
    assert resolve_mention(doc, doc[7:8]) is novak
    assert resolve_mention(doc, doc[11:12]) is horvat


def test_previous_speaker_wins_when_it_agrees():
    doc, novak, horvat = pronoun_doc()
    novak.gender = horvat.gender = None
    assert resolve_mention(doc, doc[7:8], previous=(novak, 0)) is novak


def test_person_mislabelled_by_ner_still_takes_a_personal_pronoun():
    doc, novak, horvat = pronoun_doc()
    doc._.entities = [novak]
    novak.type, novak.name, novak.gender = "ORG", "Novak", None  # what the small model often does
    novak.mentions = [(doc.text.index("Novak"), doc.text.index("Novak") + 5)]
    assert resolve_mention(doc, doc[7:8]) is novak  # "Mrs." before the name says: a woman


def institution_doc():
    # The Foreign Ministry summoned envoys . The ministry said no . The Treasury said yes .
    tokens = [("The", 2, "det", "DET"), ("Foreign", 2, "compound", "PROPN"), ("Ministry", 3, "nsubj", "PROPN"),
              ("summoned", 3, "ROOT", "VERB"), ("envoys", 3, "dobj", "NOUN"), (".", 3, "punct", "PUNCT"),
              ("The", 7, "det", "DET"), ("ministry", 8, "nsubj", "NOUN"), ("said", 8, "ROOT", "VERB", "say"),
              ("no", 8, "dobj", "INTJ"), (".", 8, "punct", "PUNCT"),
              ("The", 12, "det", "DET"), ("Treasury", 13, "nsubj", "PROPN"), ("said", 13, "ROOT", "VERB", "say"),
              ("yes", 13, "dobj", "INTJ"), (".", 13, "punct", "PUNCT")]
    doc = parse(*tokens)
    ministry = person(doc, "e1", "Foreign Ministry", "Foreign Ministry", type_="ORG")
    return doc, ministry


def test_generic_institution_noun_takes_the_latest_matching_organisation():
    doc, ministry = institution_doc()
    assert resolve_mention(doc, span_of(doc, "The ministry")) is ministry


def test_named_institution_missed_by_ner_becomes_an_entity():
    doc, _ = institution_doc()
    treasury = resolve_mention(doc, span_of(doc, "The Treasury"))
    assert treasury is not None and treasury.name == "Treasury" and treasury.type == "ORG"
    assert treasury in doc._.entities


def test_news_agencies_and_correspondents_are_relays():
    doc = parse(("the", 2, "det", "DET"), ("agency", 2, "poss", "NOUN"), ("correspondent", 3, "nsubj", "NOUN"),
                ("reports", 3, "ROOT", "VERB"), ("Reuters", 3, "dobj", "PROPN"))
    assert is_relay(doc[0:3])
    assert is_relay(doc[4:5])


# speaker_head / mention_span


def test_speaker_of_according_to_passive_and_plain_subject():
    # According to him , Novak , who was cited by Reuters , said no .
    tokens = [("According", 12, "prep", "VERB", "accord"), ("to", 0, "prep", "ADP"), ("him", 1, "pobj", "PRON", "he"),
              (",", 12, "punct", "PUNCT"), ("Novak", 12, "nsubj", "PROPN"), (",", 4, "punct", "PUNCT"),
              ("who", 8, "nsubjpass", "PRON"), ("was", 8, "auxpass", "AUX", "be"), ("cited", 4, "relcl", "VERB", "cite"),
              ("by", 8, "agent", "ADP"), ("Reuters", 9, "pobj", "PROPN"), (",", 4, "punct", "PUNCT"),
              ("said", 12, "ROOT", "VERB", "say"), ("no", 12, "dobj", "INTJ")]
    doc = parse(*tokens)
    assert speaker_head(doc[0], according=True).text == "him"
    assert speaker_head(doc[8]).text == "Reuters"  # passive: the agent speaks
    assert speaker_head(doc[12]).text == "Novak"


def test_whoever_files_or_answers_a_noun_cue_is_its_source():
    # McCrory filed a complaint that the law was void . / Trump answered a question on trade .
    filed = parse(("McCrory", 1, "nsubj", "PROPN"), ("filed", 1, "ROOT", "VERB", "file"), ("a", 3, "det", "DET"),
                  ("complaint", 1, "dobj", "NOUN"), ("that", 7, "mark", "SCONJ"), ("the", 6, "det", "DET"),
                  ("law", 7, "nsubj", "NOUN"), ("was", 3, "acl", "AUX", "be"), ("void", 7, "acomp", "ADJ"))
    assert speaker_head(filed[3]).text == "McCrory"
    answered = parse(("Trump", 1, "nsubj", "PROPN"), ("answered", 1, "ROOT", "VERB", "answer"),
                     ("a", 3, "det", "DET"), ("question", 1, "dobj", "NOUN"), ("on", 3, "prep", "ADP"),
                     ("trade", 4, "pobj", "NOUN"))
    assert speaker_head(answered[3]).text == "Trump"
    # a noun cue that is the object of any other verb names no one: "despite the complaint"
    studied = parse(("McCrory", 1, "nsubj", "PROPN"), ("studied", 1, "ROOT", "VERB", "study"),
                    ("the", 3, "det", "DET"), ("complaint", 1, "dobj", "NOUN"))
    assert speaker_head(studied[3]) is None


def test_mention_span_keeps_the_noun_phrase_and_drops_the_apposition():
    # The head of the Foreign Ministry , Ana Novak , said no .
    tokens = [("The", 1, "det", "DET"), ("head", 9, "nsubj", "NOUN"), ("of", 1, "prep", "ADP"),
              ("the", 5, "det", "DET"), ("Foreign", 5, "compound", "PROPN"), ("Ministry", 2, "pobj", "PROPN"),
              (",", 1, "punct", "PUNCT"), ("Ana", 8, "compound", "PROPN"), ("Novak", 1, "appos", "PROPN"),
              ("said", 9, "ROOT", "VERB", "say"), ("no", 9, "dobj", "INTJ")]
    doc = parse(*tokens)
    assert speaker_head(doc[9]).text == "head"
    assert mention_span(doc[1]).text == "The head of the Foreign Ministry"


def test_mention_span_keeps_the_examples_a_group_is_named_by():
    # Proponents like Mr. Eisenbrey urged it .
    tokens = [("Proponents", 4, "nsubj", "NOUN"), ("like", 0, "prep", "ADP"), ("Mr.", 3, "compound", "PROPN"),
              ("Eisenbrey", 1, "pobj", "PROPN"), ("urged", 4, "ROOT", "VERB", "urge"), ("it", 4, "dobj", "PRON"),
              (".", 4, "punct", "PUNCT")]
    doc = parse(*tokens)
    assert mention_span(speaker_head(doc[4])).text == "Proponents like Mr. Eisenbrey"


# salience: pronouns and offices take the most prominent agreeing entity


def two_ministers_doc():
    # Blinken met Kuleba . He said no . The top diplomat said yes . The Ukrainian minister said so .
    tokens = [("Blinken", 1, "nsubj", "PROPN"), ("met", 1, "ROOT", "VERB", "meet", "VBD"),
              ("Kuleba", 1, "dobj", "PROPN"), (".", 1, "punct", "PUNCT"),
              ("He", 5, "nsubj", "PRON", "he"), ("said", 5, "ROOT", "VERB", "say", "VBD"),
              ("no", 5, "dobj", "INTJ"), (".", 5, "punct", "PUNCT"),
              ("The", 11, "det", "DET"), ("top", 11, "amod", "ADJ"), ("diplomat", 12, "nsubj", "NOUN"),
              ("said", 12, "ROOT", "VERB", "say", "VBD"), ("yes", 12, "dobj", "INTJ"), (".", 12, "punct", "PUNCT"),
              ("The", 17, "det", "DET"), ("Ukrainian", 17, "amod", "ADJ"), ("minister", 18, "nsubj", "NOUN"),
              ("said", 18, "ROOT", "VERB", "say", "VBD"), ("so", 18, "advmod", "ADV"), (".", 18, "punct", "PUNCT")]
    ents = ["B-PERSON", "O", "B-PERSON", "O", "O", "O", "O", "O", "O", "O", "O", "O", "O", "O",
            "O", "B-NORP", "O", "O", "O", "O"]
    doc = parse(*tokens, ents=ents)
    blinken = person(doc, "e1", "Antony Blinken", "Blinken", ["Secretary of State"], "USA", gender="m")
    kuleba = person(doc, "e2", "Dmytro Kuleba", "Kuleba", ["Foreign Minister"], "UKR", gender="m")
    return doc, blinken, kuleba


def test_a_pronoun_takes_the_subject_before_an_object():
    doc, blinken, _ = two_ministers_doc()
    assert resolve_mention(doc, doc[4:5]) is blinken


def test_the_previous_speaker_outweighs_a_subject():
    doc, _, kuleba = two_ministers_doc()
    assert resolve_mention(doc, doc[4:5], previous=(kuleba, doc[3].idx)) is kuleba


def test_an_office_takes_the_most_salient_holder_and_respects_the_country():
    doc, blinken, kuleba = two_ministers_doc()
    assert resolve_mention(doc, span_of(doc, "The top diplomat")) is blinken
    assert resolve_mention(doc, span_of(doc, "The top diplomat"), previous=(kuleba, doc[7].idx)) is kuleba
    assert resolve_mention(doc, span_of(doc, "The Ukrainian minister")) is kuleba


def test_it_takes_an_organisation_never_a_person():
    # The ministry summoned Novak . It said no .
    tokens = [("The", 1, "det", "DET"), ("ministry", 2, "nsubj", "NOUN"), ("summoned", 2, "ROOT", "VERB"),
              ("Novak", 2, "dobj", "PROPN"), (".", 2, "punct", "PUNCT"),
              ("It", 6, "nsubj", "PRON", "it"), ("said", 6, "ROOT", "VERB", "say"), ("no", 6, "dobj", "INTJ"),
              (".", 6, "punct", "PUNCT")]
    doc = parse(*tokens)
    ministry = person(doc, "e1", "Foreign Ministry", "The ministry", type_="ORG")
    person(doc, "e2", "Ana Novak", "Novak", gender="f")
    assert resolve_mention(doc, doc[5:6]) is ministry


def test_an_indefinite_spokesperson_is_the_institution_not_a_spokesperson_named_before():
    # Kremlin spokesman Peskov spoke . A White House spokesperson said no .
    tokens = [("Kremlin", 2, "compound", "PROPN"), ("spokesman", 2, "compound", "NOUN"), ("Peskov", 3, "nsubj", "PROPN"),
              ("spoke", 3, "ROOT", "VERB", "speak"), (".", 3, "punct", "PUNCT"),
              ("A", 8, "det", "DET"), ("White", 7, "compound", "PROPN"), ("House", 8, "compound", "PROPN"),
              ("spokesperson", 9, "nsubj", "NOUN"), ("said", 9, "ROOT", "VERB", "say"), ("no", 9, "dobj", "INTJ"),
              (".", 9, "punct", "PUNCT")]
    ents = ["B-ORG", "O", "B-PERSON", "O", "O", "O", "B-ORG", "I-ORG", "O", "O", "O", "O"]
    doc = parse(*tokens, ents=ents)
    person(doc, "e1", "Dmitry Peskov", "Peskov", ["Kremlin spokesman"], "RUS")
    white_house = person(doc, "e2", "White House", "White House", type_="ORG", country="USA")
    assert resolve_mention(doc, span_of(doc, "A White House spokesperson")) is white_house


# appositions, documents, capitals, unnamed institutions


def test_a_role_noun_resolves_to_the_name_in_apposition():
    # Sudan 's envoy , Ahmed Khalil , said no .
    tokens = [("Sudan", 2, "poss", "PROPN"), ("'s", 0, "case", "PART"), ("envoy", 7, "nsubj", "NOUN"),
              (",", 2, "punct", "PUNCT"), ("Ahmed", 5, "compound", "PROPN"), ("Khalil", 2, "appos", "PROPN"),
              (",", 2, "punct", "PUNCT"), ("said", 7, "ROOT", "VERB", "say", "VBD"), ("no", 7, "dobj", "INTJ"),
              (".", 7, "punct", "PUNCT")]
    ents = ["B-GPE", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"]
    doc = parse(*tokens, ents=ents)
    khalil = person(doc, "e1", "Ahmed Khalil", "Ahmed Khalil", ["envoy"], "SDN")
    assert resolve_mention(doc, span_of(doc, "Sudan's envoy")) is khalil


def test_a_name_right_after_a_role_noun_belongs_to_the_mention():
    # His neighbour Anna Kowal said no .
    tokens = [("His", 1, "poss", "PRON", "his"), ("neighbour", 4, "nsubj", "NOUN"), ("Anna", 3, "compound", "PROPN"),
              ("Kowal", 1, "appos", "PROPN"), ("said", 4, "ROOT", "VERB", "say"), ("no", 4, "dobj", "INTJ"),
              (".", 4, "punct", "PUNCT")]
    doc = parse(*tokens, ents=["O", "O", "B-PERSON", "I-PERSON", "O", "O", "O"])
    kowal = person(doc, "e1", "Anna Kowal", "Anna Kowal")
    span = mention_span(speaker_head(doc[4]))
    assert span.text == "His neighbour Anna Kowal"
    assert resolve_mention(doc, span) is kowal


def test_a_document_speaks_for_its_author_and_a_later_bare_mention_for_the_same():
    # The State Department spoke . The department 's readout said no . The readout said yes .
    tokens = [("The", 2, "det", "DET"), ("State", 2, "compound", "PROPN"), ("Department", 3, "nsubj", "PROPN"),
              ("spoke", 3, "ROOT", "VERB", "speak"), (".", 3, "punct", "PUNCT"),
              ("The", 6, "det", "DET"), ("department", 8, "poss", "NOUN"), ("'s", 6, "case", "PART"),
              ("readout", 9, "nsubj", "NOUN"), ("said", 9, "ROOT", "VERB", "say"), ("no", 9, "dobj", "INTJ"),
              (".", 9, "punct", "PUNCT"),
              ("The", 13, "det", "DET"), ("readout", 14, "nsubj", "NOUN"), ("said", 14, "ROOT", "VERB", "say"),
              ("yes", 14, "dobj", "INTJ"), (".", 14, "punct", "PUNCT")]
    doc = parse(*tokens, ents=["O", "B-ORG", "I-ORG"] + ["O"] * 14)
    department = person(doc, "e1", "State Department", "State Department", type_="ORG", country="USA")
    assert resolve_mention(doc, span_of(doc, "The department's readout")) is department
    assert resolve_mention(doc, doc[12:14]) is department


def test_a_capital_speaking_is_its_country():
    tokens = [("Tokyo", 1, "nsubj", "PROPN"), ("said", 1, "ROOT", "VERB", "say"), ("no", 1, "dobj", "INTJ"),
              (".", 1, "punct", "PUNCT")]
    doc = parse(*tokens, ents=["B-GPE", "O", "O", "O"])
    person(doc, "e1", "Tokyo", "Tokyo", type_="GPE", country="JPN")
    japan = resolve_mention(doc, doc[0:1])
    assert japan.name == "Japan" and japan.type == "GPE" and japan in doc._.entities


def test_an_unnamed_institution_is_named_after_the_mention():
    # the British defence ministry said no .
    tokens = [("the", 3, "det", "DET"), ("British", 3, "amod", "ADJ"), ("defence", 3, "compound", "NOUN"),
              ("ministry", 4, "nsubj", "NOUN"), ("said", 4, "ROOT", "VERB", "say"), ("no", 4, "dobj", "INTJ"),
              (".", 4, "punct", "PUNCT")]
    doc = parse(*tokens, ents=["O", "B-NORP", "O", "O", "O", "O", "O"])
    ministry = resolve_mention(doc, doc[0:4])
    assert ministry.name == "British Defence Ministry" and ministry.type == "ORG" and ministry.country == "GBR"


# speaker_head: who the parse says is speaking


def test_a_passive_cue_without_an_agent_has_no_speaker_but_quoted_as_saying_has():
    # Yellen is expected to speak .
    doc = parse(("Yellen", 2, "nsubjpass", "PROPN"), ("is", 2, "auxpass", "AUX", "be"),
                ("expected", 2, "ROOT", "VERB", "expect", "VBN"), ("to", 4, "aux", "PART"),
                ("speak", 2, "xcomp", "VERB", "speak", "VB"), (".", 2, "punct", "PUNCT"))
    assert speaker_head(doc[2]) is None
    # Wang was quoted as saying no
    doc = parse(("Wang", 2, "nsubjpass", "PROPN"), ("was", 2, "auxpass", "AUX", "be"),
                ("quoted", 2, "ROOT", "VERB", "quote", "VBN"), ("as", 2, "prep", "ADP"),
                ("saying", 3, "pcomp", "VERB", "say", "VBG"), ("no", 4, "dobj", "INTJ"))
    assert speaker_head(doc[4]).text == "Wang"


def test_a_subjectless_asked_before_the_main_clause_is_a_participle_even_tagged_past_tense():
    # Asked if it hurt , Ryan said no .   (the tagger made "Asked" a past tense)
    doc = parse(("Asked", 6, "advcl", "VERB", "ask", "VBD"), ("if", 3, "mark", "SCONJ"),
                ("it", 3, "nsubj", "PRON"), ("hurt", 0, "advcl", "VERB", "hurt", "VBD"),
                (",", 6, "punct", "PUNCT"), ("Ryan", 6, "nsubj", "PROPN"),
                ("said", 6, "ROOT", "VERB", "say", "VBD"), ("no", 6, "dobj", "INTJ"), (".", 6, "punct", "PUNCT"))
    assert speaker_head(doc[0]) is None
    assert speaker_head(doc[6]).text == "Ryan"


def test_a_verb_of_saying_hung_on_a_name_after_its_apposition_is_the_names_finite_verb():
    # Mitt Romney , the nominee , tweeted in response .   (parsed tweeted <- Romney, a participle)
    tokens = [("Mitt", 1, "compound", "PROPN"), ("Romney", 1, "ROOT", "PROPN"), (",", 1, "punct", "PUNCT"),
              ("the", 4, "det", "DET"), ("nominee", 1, "appos", "NOUN"), (",", 1, "punct", "PUNCT"),
              ("tweeted", 1, "acl", "VERB", "tweet", "VBN"), ("in", 6, "prep", "ADP"),
              ("response", 7, "pobj", "NOUN"), (".", 1, "punct", "PUNCT")]
    names = ["B-PERSON", "I-PERSON"] + ["O"] * 8
    assert speaker_head(parse(*tokens, ents=names)[6]).text == "Romney"
    # the same words with no person named: a bare participle, no one speaking
    assert speaker_head(parse(*tokens, ents=["O"] * 10)[6]) is None


def test_a_noun_between_and_and_a_conjoined_verb_is_its_subject_however_the_parser_joined_it():
    # Republicans said they would skip it and others have said no .   (parsed others <- it, a conjunct)
    doc = parse(("Republicans", 1, "nsubj", "PROPN"), ("said", 1, "ROOT", "VERB", "say", "VBD"),
                ("they", 4, "nsubj", "PRON"), ("would", 4, "aux", "AUX"), ("skip", 1, "ccomp", "VERB"),
                ("it", 4, "dobj", "PRON"), ("and", 5, "cc", "CCONJ"), ("others", 5, "conj", "NOUN"),
                ("have", 9, "aux", "AUX"), ("said", 1, "conj", "VERB", "say", "VBN"), ("no", 9, "dobj", "INTJ"),
                (".", 1, "punct", "PUNCT"))
    assert speaker_head(doc[9]).text == "others"
    # Republicans said they would skip it and have said no .   (no noun of its own: the shared subject)
    doc = parse(("Republicans", 1, "nsubj", "PROPN"), ("said", 1, "ROOT", "VERB", "say", "VBD"),
                ("they", 4, "nsubj", "PRON"), ("would", 4, "aux", "AUX"), ("skip", 1, "ccomp", "VERB"),
                ("it", 4, "dobj", "PRON"), ("and", 1, "cc", "CCONJ"), ("have", 8, "aux", "AUX"),
                ("said", 1, "conj", "VERB", "say", "VBN"), ("no", 8, "dobj", "INTJ"), (".", 1, "punct", "PUNCT"))
    assert speaker_head(doc[8]).text == "Republicans"


def test_a_persons_name_beside_a_described_subject_names_the_speaker():
    # One pastor , Darran Whiting , said no .
    tokens = [("One", 1, "nummod", "NUM"), ("pastor", 6, "nsubj", "NOUN"), (",", 1, "punct", "PUNCT"),
              ("Darran", 4, "compound", "PROPN"), ("Whiting", 1, "appos", "PROPN"), (",", 1, "punct", "PUNCT"),
              ("said", 6, "ROOT", "VERB", "say", "VBD"), ("no", 6, "dobj", "INTJ"), (".", 6, "punct", "PUNCT")]
    named = ["O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"]
    assert mention_span(speaker_head(parse(*tokens, ents=named)[6])).text == "Darran Whiting"
    # the apposition is no person: the described subject stays
    assert speaker_head(parse(*tokens, ents=["O"] * 9)[6]).text == "pastor"


def test_of_two_subjects_the_one_next_to_the_verb_speaks():
    # " Mayo ! , " he tweeted .   (the parser made "Mayo" a second subject of "tweeted")
    doc = parse(('"', 6, "punct", "PUNCT"), ("Mayo", 6, "nsubj", "PROPN"), ("!", 1, "punct", "PUNCT"),
                (",", 6, "punct", "PUNCT"), ('"', 6, "punct", "PUNCT"), ("he", 6, "nsubj", "PRON", "he"),
                ("tweeted", 6, "ROOT", "VERB", "tweet", "VBD"), (".", 6, "punct", "PUNCT"))
    assert speaker_head(doc[6]).text == "he"


def test_a_participle_hung_on_the_reported_clause_shares_the_reporting_subject():
    # Fidan said that Ankara was working , stressing that it hurt .
    doc = parse(("Fidan", 1, "nsubj", "PROPN"), ("said", 1, "ROOT", "VERB", "say", "VBD"),
                ("that", 5, "mark", "SCONJ"), ("Ankara", 5, "nsubj", "PROPN"), ("was", 5, "aux", "AUX", "be"),
                ("working", 1, "ccomp", "VERB", "work", "VBG"), (",", 5, "punct", "PUNCT"),
                ("stressing", 5, "advcl", "VERB", "stress", "VBG"), ("that", 10, "mark", "SCONJ"),
                ("it", 10, "nsubj", "PRON"), ("hurt", 7, "ccomp", "VERB", "hurt", "VBD"), (".", 1, "punct", "PUNCT"))
    assert speaker_head(doc[7]).text == "Fidan"


def test_a_dateline_is_not_the_subject():
    # WASHINGTON ( AP ) — Trump pledged to work
    doc = parse(("WASHINGTON", 6, "nsubj", "PROPN"), ("(", 0, "punct", "PUNCT"), ("AP", 0, "appos", "PROPN"),
                (")", 0, "punct", "PUNCT"), ("—", 0, "punct", "PUNCT"), ("Trump", 0, "appos", "PROPN"),
                ("pledged", 6, "ROOT", "VERB", "pledge", "VBD"), ("to", 8, "aux", "PART"),
                ("work", 6, "xcomp", "VERB", "work", "VB"), ents=["B-GPE", "O", "B-ORG", "O", "O", "B-PERSON", "O", "O", "O"])
    assert speaker_head(doc[6]).text == "Trump"


def test_a_relative_speaker_keeps_its_antecedent_in_the_mention():
    # Ted Cruz , who said no
    doc = parse(("Ted", 1, "compound", "PROPN"), ("Cruz", 1, "ROOT", "PROPN"), (",", 1, "punct", "PUNCT"),
                ("who", 4, "nsubj", "PRON", "who"), ("said", 1, "relcl", "VERB", "say", "VBD"),
                ("no", 4, "dobj", "INTJ"))
    assert mention_span(speaker_head(doc[4])).text == "Ted Cruz, who"


def test_a_name_the_parser_hung_inside_the_quotation_still_speaks():
    # " It is fine , " Gene Sperling said .
    doc = parse(('"', 2, "punct", "PUNCT"), ("It", 2, "nsubj", "PRON"), ("is", 8, "ccomp", "AUX", "be", "VBZ"),
                ("fine", 2, "acomp", "ADJ"), (",", 2, "punct", "PUNCT"), ('"', 2, "punct", "PUNCT"),
                ("Gene", 7, "compound", "PROPN"), ("Sperling", 2, "attr", "PROPN"),
                ("said", 8, "ROOT", "VERB", "say", "VBD"), (".", 8, "punct", "PUNCT"))
    assert speaker_head(doc[8]).text == "Sperling"


def test_a_noun_cue_after_despite_is_nobodys():
    # Despite complaints that it failed , the group won .
    doc = parse(("Despite", 7, "prep", "ADP"), ("complaints", 0, "pobj", "NOUN", "complaint"),
                ("that", 4, "mark", "SCONJ"), ("it", 4, "nsubj", "PRON"), ("failed", 1, "acl", "VERB", "fail", "VBD"),
                (",", 7, "punct", "PUNCT"), ("the", 6, "det", "DET"), ("group", 7, "nsubj", "NOUN"),
                ("won", 7, "ROOT", "VERB", "win", "VBD"), (".", 7, "punct", "PUNCT"))
    assert speaker_head(doc[1]) is None


def test_a_passive_cue_with_a_by_agent_has_a_source():
    from newsgraph.extract.speakers.mentions import passive_without_source

    # The move was reported by MSNBC. / The move was reported.
    with_agent = parse(("The", 1, "det", "DET"), ("move", 3, "nsubjpass", "NOUN"), ("was", 3, "auxpass", "AUX", "be"),
                       ("reported", 3, "ROOT", "VERB", "report", "VBN"), ("by", 3, "agent", "ADP"),
                       ("MSNBC", 4, "pobj", "PROPN", "MSNBC"), (".", 3, "punct", "PUNCT"))
    without = parse(("The", 1, "det", "DET"), ("move", 3, "nsubjpass", "NOUN"), ("was", 3, "auxpass", "AUX", "be"),
                    ("reported", 3, "ROOT", "VERB", "report", "VBN"), (".", 3, "punct", "PUNCT"))
    assert not passive_without_source(with_agent[3])
    assert speaker_head(with_agent[3]).text == "MSNBC"
    assert passive_without_source(without[3])


def test_a_by_phrase_on_a_noun_cue_names_whose_words_they_are():
    from newsgraph.extract.speakers.mentions import noun_speaker_head

    # One sticking point is a demand by Pelosi that the bill include tax breaks.
    doc = parse(("One", 2, "nummod", "NUM"), ("sticking", 2, "amod", "VERB"), ("point", 3, "nsubj", "NOUN"),
                ("is", 3, "ROOT", "AUX", "be"), ("a", 5, "det", "DET"), ("demand", 3, "attr", "NOUN"),
                ("by", 5, "prep", "ADP"), ("Pelosi", 6, "pobj", "PROPN", "Pelosi"), ("that", 11, "mark", "SCONJ"),
                ("the", 10, "det", "DET"), ("bill", 11, "nsubj", "NOUN"), ("include", 5, "acl", "VERB"),
                ("tax", 13, "compound", "NOUN"), ("breaks", 11, "dobj", "NOUN"), (".", 3, "punct", "PUNCT"))
    assert noun_speaker_head(doc[5]).text == "Pelosi"
    # a demand of the moment: no "by", no one in particular
    doc = parse(("a", 1, "det", "DET"), ("demand", 1, "ROOT", "NOUN"), ("of", 1, "prep", "ADP"),
                ("the", 4, "det", "DET"), ("moment", 2, "pobj", "NOUN"))
    assert noun_speaker_head(doc[1]) is None


def test_as_a_paper_reported_is_not_a_bare_participle():
    # As the Post reported , the office issued subpoenas .   (the tagger made "reported" a participle)
    doc = parse(("As", 3, "mark", "SCONJ"), ("the", 2, "det", "DET"), ("Post", 3, "nsubj", "PROPN"),
                ("reported", 7, "advcl", "VERB", "report", "VBN"), (",", 7, "punct", "PUNCT"),
                ("the", 6, "det", "DET"), ("office", 7, "nsubj", "NOUN"), ("issued", 7, "ROOT", "VERB", "issue", "VBD"),
                ("subpoenas", 7, "dobj", "NOUN"), (".", 7, "punct", "PUNCT"))
    assert speaker_head(doc[3]).text == "Post"


def test_a_dateline_is_not_the_subject_a_participle_shares():
    # NEW YORK ( AFP ) – Biden hit the trail , trashing Trump
    doc = parse(("NEW", 1, "compound", "PROPN"), ("YORK", 7, "nsubj", "PROPN"), ("(", 3, "punct", "PUNCT"),
                ("AFP", 1, "appos", "PROPN"), (")", 1, "punct", "PUNCT"), ("–", 1, "punct", "PUNCT"),
                ("Biden", 1, "appos", "PROPN"), ("hit", 7, "ROOT", "VERB", "hit", "VBD"), ("the", 9, "det", "DET"),
                ("trail", 7, "dobj", "NOUN"), (",", 7, "punct", "PUNCT"),
                ("trashing", 7, "advcl", "VERB", "trash", "VBG"), ("Trump", 11, "dobj", "PROPN"),
                ents=["B-GPE", "I-GPE", "O", "B-ORG", "O", "O", "B-PERSON"] + ["O"] * 5 + ["B-PERSON"])
    assert speaker_head(doc[11]).text == "Biden"


def test_a_participle_parsed_as_the_subject_of_the_quotation_shares_the_main_subject():
    # Flea shared the news , writing " Feels great . "   (the parser made "writing" the subject of "Feels")
    doc = parse(("Flea", 1, "nsubj", "PROPN"), ("shared", 1, "ROOT", "VERB", "share", "VBD"),
                ("the", 3, "det", "DET"), ("news", 1, "dobj", "NOUN"), (",", 1, "punct", "PUNCT"),
                ("writing", 7, "nsubj", "VERB", "write", "VBG"), ('"', 7, "punct", "PUNCT"),
                ("Feels", 1, "conj", "VERB", "feel", "VBZ"), ("great", 7, "acomp", "ADJ"), (".", 1, "punct", "PUNCT"),
                ('"', 1, "punct", "PUNCT"))
    assert speaker_head(doc[5]).text == "Flea"


def _shown_people_telling(verb, lemma):
    # Clinton <verb> Hispanics telling stories
    return parse(("Clinton", 1, "nsubj", "PROPN"), (verb, 1, "ROOT", "VERB", lemma, "VBD"),
                 ("Hispanics", 1, "dobj", "PROPN", "hispanics", "NNPS"), ("telling", 2, "acl", "VERB", "tell", "VBG"),
                 ("stories", 3, "dobj", "NOUN"), ents=["B-PERSON", "O", "B-NORP", "O", "O"])


def test_people_shown_speaking_speak_for_themselves_but_people_addressed_do_not():
    assert speaker_head(_shown_people_telling("featured", "feature")[3]).text == "Hispanics"
    assert speaker_head(_shown_people_telling("emailed", "email")[3]).text == "Clinton"
    # issued a statement saying no: whoever issued it
    doc = parse(("Clinton", 1, "nsubj", "PROPN"), ("issued", 1, "ROOT", "VERB", "issue", "VBD"),
                ("a", 3, "det", "DET"), ("statement", 1, "dobj", "NOUN"),
                ("saying", 3, "acl", "VERB", "say", "VBG"), ("no", 4, "dobj", "INTJ"))
    assert speaker_head(doc[4]).text == "Clinton"


def test_a_name_before_a_relative_clause_and_an_aside_speaks_for_the_verb_after_them():
    # when Mr. Buchanan , who had failed , called for war   (the parser hung "called" elsewhere)
    doc = parse(("when", 2, "advmod", "SCONJ", "when", "WRB"), ("Mr.", 2, "compound", "PROPN"),
                ("Buchanan", 2, "ROOT", "PROPN"), (",", 2, "punct", "PUNCT"), ("who", 6, "nsubj", "PRON", "who", "WP"),
                ("had", 6, "aux", "AUX", "have"), ("failed", 2, "relcl", "VERB", "fail", "VBN"),
                (",", 6, "punct", "PUNCT"), ("called", 6, "acl", "VERB", "call", "VBD"), ("for", 8, "prep", "ADP"),
                ("war", 9, "pobj", "NOUN"), ents=["O", "B-PERSON", "I-PERSON"] + ["O"] * 8)
    head = speaker_head(doc[8])
    assert head.text == "Buchanan" and mention_span(head).text == "Mr. Buchanan"
    # Speaking in Salem , Trump went after Bush , calling him a stiff : a clause, not an aside, before the verb
    doc = parse(("Speaking", 5, "advcl", "VERB", "speak", "VBG"), ("in", 0, "prep", "ADP"), ("Salem", 1, "pobj", "PROPN"),
                (",", 5, "punct", "PUNCT"), ("Trump", 5, "nsubj", "PROPN"), ("went", 5, "ROOT", "VERB", "go", "VBD"),
                ("after", 5, "prep", "ADP"), ("Bush", 6, "pobj", "PROPN"), (",", 5, "punct", "PUNCT"),
                ("calling", 5, "advcl", "VERB", "call", "VBG"), ("him", 9, "dobj", "PRON"),
                ents=["O", "O", "B-GPE", "O", "B-PERSON", "O", "O", "B-PERSON", "O", "O", "O"])
    assert speaker_head(doc[9]).text == "Trump"


def test_a_thing_raising_questions_is_not_asking_them():
    from newsgraph.extract.speakers.mentions import noun_speaker_head

    # The documents raised questions . / Senators raised questions .
    for subject, lemma, expected in (("documents", "document", None), ("Senators", "senator", "Senators")):
        doc = parse(("The", 1, "det", "DET"), (subject, 2, "nsubj", "NOUN", lemma), ("raised", 2, "ROOT", "VERB", "raise", "VBD"),
                    ("questions", 2, "dobj", "NOUN", "question"), (".", 2, "punct", "PUNCT"))
        head = noun_speaker_head(doc[3])
        assert (head.text if head is not None else None) == expected, subject


def test_an_according_to_on_the_speech_verb_is_the_source_unless_a_news_outlet_relays():
    # Walker said , according to an organizer / according to Reuters
    for source, ent, expected in (("organizer", "O", "organizer"), ("Reuters", "B-ORG", "Walker")):
        doc = parse(("Walker", 1, "nsubj", "PROPN"), ("said", 1, "ROOT", "VERB", "say", "VBD"), (",", 1, "punct", "PUNCT"),
                    ("according", 1, "prep", "VERB", "accord", "VBG"), ("to", 3, "prep", "ADP"),
                    (source, 4, "pobj", "NOUN" if ent == "O" else "PROPN"),
                    ents=["B-PERSON", "O", "O", "O", "O", ent])
        assert speaker_head(doc[1]).text == expected, source


def test_a_poll_speaks_for_the_share_of_respondents_it_reports():
    # In a poll , 75 percent of voters said no
    doc = parse(("In", 7, "prep", "ADP"), ("a", 2, "det", "DET"), ("poll", 0, "pobj", "NOUN", "poll"), (",", 7, "punct", "PUNCT"),
                ("75", 5, "nummod", "NUM"), ("percent", 7, "nsubj", "NOUN"), ("of", 5, "prep", "ADP"),
                ("said", 7, "ROOT", "VERB", "say", "VBD"), ("no", 7, "dobj", "INTJ"),
                ents=["O", "O", "O", "O", "B-PERCENT", "I-PERCENT", "O", "O", "O"])
    assert speaker_head(doc[7]).text == "poll"
    # In Ohio , most voters said no: a place, not a poll
    doc = parse(("In", 5, "prep", "ADP"), ("Ohio", 0, "pobj", "PROPN"), (",", 5, "punct", "PUNCT"),
                ("most", 4, "amod", "ADJ"), ("voters", 5, "nsubj", "NOUN", "voter"),
                ("said", 5, "ROOT", "VERB", "say", "VBD"), ("no", 5, "dobj", "INTJ"))
    assert speaker_head(doc[5]).text == "voters"


def test_a_gerund_on_an_object_noun_is_done_by_the_clause_subject_or_the_nouns_possessor():
    # Trump has a history of blaming others
    doc = parse(("Trump", 1, "nsubj", "PROPN"), ("has", 1, "ROOT", "VERB", "have", "VBZ"), ("a", 3, "det", "DET"),
                ("history", 1, "dobj", "NOUN"), ("of", 3, "prep", "ADP"), ("blaming", 4, "pcomp", "VERB", "blame", "VBG"),
                ("others", 5, "dobj", "NOUN"))
    assert speaker_head(doc[5]).text == "Trump"
    # Clinton recalled Trump 's history of blaming others
    doc = parse(("Clinton", 1, "nsubj", "PROPN"), ("recalled", 1, "ROOT", "VERB", "recall", "VBD"),
                ("Trump", 4, "poss", "PROPN"), ("'s", 2, "case", "PART"), ("history", 1, "dobj", "NOUN"),
                ("of", 4, "prep", "ADP"), ("blaming", 5, "pcomp", "VERB", "blame", "VBG"), ("others", 6, "dobj", "NOUN"))
    assert speaker_head(doc[6]).text == "Trump"


def _caused_to_call(verb, lemma):
    # That <verb> Rubio to call Trump flexible
    return parse(("That", 1, "nsubj", "PRON", "that"), (verb, 1, "ROOT", "VERB", lemma, "VBD"), ("Rubio", 1, "dobj", "PROPN"),
                 ("to", 4, "aux", "PART"), ("call", 1, "xcomp", "VERB", "call", "VB"), ("Trump", 4, "dobj", "PROPN"),
                 ("flexible", 4, "oprd", "ADJ"))


def test_the_object_of_a_causing_verb_does_what_the_infinitive_says_but_not_when_urged():
    assert speaker_head(_caused_to_call("prompted", "prompt")[4]).text == "Rubio"
    # Sanders pushed Democrats to reject the deal: Sanders's demand
    doc = parse(("Sanders", 1, "nsubj", "PROPN"), ("pushed", 1, "ROOT", "VERB", "push", "VBD"),
                ("Democrats", 1, "dobj", "PROPN"), ("to", 4, "aux", "PART"), ("reject", 1, "xcomp", "VERB", "reject", "VB"),
                ("the", 6, "det", "DET"), ("deal", 4, "dobj", "NOUN"))
    assert speaker_head(doc[4]).text == "Sanders"
    # The firm paid money to the lobbyists to advocate: money does not speak
    doc = parse(("The", 1, "det", "DET"), ("firm", 2, "nsubj", "NOUN"), ("paid", 2, "ROOT", "VERB", "pay", "VBD"),
                ("money", 2, "dobj", "NOUN"), ("to", 5, "aux", "PART"), ("advocate", 2, "xcomp", "VERB", "advocate", "VB"))
    assert speaker_head(doc[5]).text == "firm"


def test_the_object_of_a_verb_that_obliges_does_not_speak():
    # no law requiring candidates to disclose their taxes: an obligation, not the candidates' words
    doc = parse(("no", 1, "det", "DET"), ("law", 1, "ROOT", "NOUN"), ("requiring", 1, "acl", "VERB", "require", "VBG"),
                ("candidates", 2, "dobj", "NOUN", "candidate"), ("to", 5, "aux", "PART"),
                ("disclose", 2, "xcomp", "VERB", "disclose", "VB"), ("their", 7, "poss", "PRON"),
                ("taxes", 5, "dobj", "NOUN", "tax"))
    head = speaker_head(doc[5])
    assert (head.text if head is not None else None) == "law"


def test_a_participle_after_a_dash_belongs_to_the_main_clause():
    # Schultz dismissed accusations that the campaign is violating the law — saying no
    doc = parse(("Schultz", 1, "nsubj", "PROPN"), ("dismissed", 1, "ROOT", "VERB", "dismiss", "VBD"),
                ("accusations", 1, "dobj", "NOUN", "accusation"), ("that", 6, "mark", "SCONJ"), ("the", 5, "det", "DET"),
                ("campaign", 6, "nsubj", "NOUN"), ("violating", 2, "acl", "VERB", "violate", "VBG"),
                ("law", 6, "dobj", "NOUN"), ("—", 6, "punct", "PUNCT"), ("saying", 6, "advcl", "VERB", "say", "VBG"),
                ("no", 9, "dobj", "INTJ"))
    assert speaker_head(doc[9]).text == "Schultz"


def test_the_speakers_own_office_after_according_to_only_relays_him():
    # Yoon told the meeting , according to his office
    doc = parse(("Yoon", 1, "nsubj", "PROPN"), ("told", 1, "ROOT", "VERB", "tell", "VBD"), ("the", 3, "det", "DET"),
                ("meeting", 1, "dobj", "NOUN"), (",", 1, "punct", "PUNCT"), ("according", 1, "prep", "VERB", "accord", "VBG"),
                ("to", 5, "prep", "ADP"), ("his", 8, "poss", "PRON"), ("office", 6, "pobj", "NOUN"))
    assert speaker_head(doc[1]).text == "Yoon"


def test_an_aside_between_dashes_with_a_clause_of_its_own_inside_still_leaves_the_name_speaking():
    # front - runner Trump - who said he would bomb them - said no   (the parser hung "said" inside the aside)
    doc = parse(("front", 2, "amod", "ADJ"), ("-", 2, "punct", "PUNCT", "-", "HYPH"), ("runner", 3, "compound", "NOUN"),
                ("Trump", 3, "ROOT", "PROPN"), ("-", 3, "punct", "PUNCT", "-", ":"), ("who", 6, "nsubj", "PRON", "who", "WP"),
                ("said", 3, "relcl", "VERB", "say", "VBD"), ("he", 9, "nsubj", "PRON"), ("would", 9, "aux", "AUX"),
                ("bomb", 6, "ccomp", "VERB", "bomb", "VB"), ("them", 9, "dobj", "PRON"), ("-", 12, "punct", "PUNCT", "-", "HYPH"),
                ("said", 9, "dobj", "VERB", "say", "VBD"), ("no", 12, "dobj", "INTJ"),
                ents=["O", "O", "O", "B-PERSON"] + ["O"] * 10)
    head = speaker_head(doc[12])
    assert head.text == "Trump" and mention_span(head).text.startswith("front")


def test_a_from_phrase_on_a_noun_cue_names_its_author_when_someone():
    from newsgraph.extract.speakers.mentions import noun_speaker_head

    # an allegation from his wife that he lied / complaints from the region that it failed
    for source, lemma, expected in (("wife", "wife", "wife"), ("region", "region", None)):
        doc = parse(("an", 1, "det", "DET"), ("allegation", 1, "ROOT", "NOUN"), ("from", 1, "prep", "ADP"),
                    ("his", 4, "poss", "PRON"), (source, 2, "pobj", "NOUN", lemma), ("that", 7, "mark", "SCONJ"),
                    ("he", 7, "nsubj", "PRON"), ("lied", 1, "acl", "VERB", "lie", "VBD"))
        head = noun_speaker_head(doc[1])
        assert (head.text if head is not None else None) == expected, source


def test_a_participle_on_a_second_conjunct_shares_the_first_ones_subject_not_its_agent():
    # Silverman was booed and shouted down by fans after telling them no
    doc = parse(("Silverman", 2, "nsubjpass", "PROPN"), ("was", 2, "auxpass", "AUX", "be"),
                ("booed", 2, "ROOT", "VERB", "boo", "VBN"), ("and", 2, "cc", "CCONJ"),
                ("shouted", 2, "conj", "VERB", "shout", "VBN"), ("down", 4, "prt", "ADP"), ("by", 4, "agent", "ADP"),
                ("fans", 6, "pobj", "NOUN", "fan"), ("after", 4, "prep", "ADP"),
                ("telling", 8, "pcomp", "VERB", "tell", "VBG"), ("them", 9, "dobj", "PRON"), ("no", 9, "dobj", "INTJ"))
    assert speaker_head(doc[9]).text == "Silverman"


def test_a_surname_tagged_as_a_modal_before_a_finite_verb_still_speaks():
    # Will wrote that it hurt   (the tagger made George Will's surname a modal)
    doc = parse(("Will", 1, "aux", "AUX", "will", "MD"), ("wrote", 1, "ROOT", "VERB", "write", "VBD"),
                ("that", 4, "mark", "SCONJ"), ("it", 4, "nsubj", "PRON"), ("hurt", 1, "ccomp", "VERB", "hurt", "VBD"))
    assert speaker_head(doc[1]).text == "Will"
    # "Will hurt" (a headline): before a bare verb a title-case modal is the modal
    doc = parse(("Will", 1, "aux", "AUX", "will", "MD"), ("hurt", 1, "ROOT", "VERB", "hurt", "VB"))
    assert speaker_head(doc[1]) is None


def test_a_name_opening_the_document_before_an_aside_speaks_for_the_verb_after_it():
    # Sperling , an adviser , said no   (the parser left "said" without a subject)
    doc = parse(("Sperling", 5, "dep", "PROPN"), (",", 0, "punct", "PUNCT"), ("an", 3, "det", "DET"),
                ("adviser", 0, "appos", "NOUN", "adviser"), (",", 5, "punct", "PUNCT"),
                ("said", 5, "ROOT", "VERB", "say", "VBD"), ("no", 5, "dobj", "INTJ"))
    assert speaker_head(doc[5]).text == "Sperling"


def test_a_possessive_pronoun_owns_a_noun_cue_unless_its_clause_subject_acts_on_it():
    from newsgraph.extract.speakers.mentions import noun_speaker_head

    # Pence is not alone in his contention that ...   (the noun hangs on an adjective: "his")
    doc = parse(("Pence", 1, "nsubj", "PROPN"), ("is", 1, "ROOT", "AUX", "be"), ("not", 1, "neg", "PART"),
                ("alone", 1, "acomp", "ADJ"), ("in", 3, "prep", "ADP"), ("his", 6, "poss", "PRON"),
                ("contention", 4, "pobj", "NOUN"))
    assert noun_speaker_head(doc[6]).text == "his"
    # He reiterated his claim   (the object of the subject's own act: "He")
    doc = parse(("He", 1, "nsubj", "PRON"), ("reiterated", 1, "ROOT", "VERB", "reiterate", "VBD"),
                ("his", 3, "poss", "PRON"), ("claim", 1, "dobj", "NOUN"))
    assert noun_speaker_head(doc[3]).text == "He"
    # The campaign doubled down on its attacks / Trump gained traction with his promise
    doc = parse(("The", 1, "det", "DET"), ("campaign", 2, "nsubj", "NOUN"), ("doubled", 2, "ROOT", "VERB", "double", "VBD"),
                ("down", 2, "prt", "ADP"), ("on", 2, "prep", "ADP"), ("its", 6, "poss", "PRON"), ("attacks", 4, "pobj", "NOUN"))
    assert noun_speaker_head(doc[6]).text == "campaign"
    doc = parse(("Trump", 1, "nsubj", "PROPN"), ("gained", 1, "ROOT", "VERB", "gain", "VBD"), ("traction", 1, "dobj", "NOUN"),
                ("with", 1, "prep", "ADP"), ("his", 5, "poss", "PRON"), ("promise", 3, "pobj", "NOUN"))
    assert noun_speaker_head(doc[5]).text == "his"


def test_a_subject_the_parser_hung_on_a_relative_aside_is_the_speaker_of_the_verb_after_it():
    # Sanders , meanwhile , who sits at zero , said that ...   (parsed Sanders <- sits <- said)
    doc = parse(("Sanders", 5, "nsubj", "PROPN"), (",", 5, "punct", "PUNCT"), ("meanwhile", 5, "advmod", "ADV"),
                (",", 5, "punct", "PUNCT"), ("who", 5, "nsubj", "PRON"), ("sits", 9, "ccomp", "VERB", "sit", "VBZ"),
                ("at", 5, "prep", "ADP"), ("zero", 6, "pobj", "NUM"), (",", 9, "punct", "PUNCT"),
                ("said", 9, "ROOT", "VERB", "say", "VBD"), ("that", 12, "mark", "SCONJ"), ("it", 12, "nsubj", "PRON"),
                ("speaks", 9, "ccomp", "VERB", "speak", "VBZ"))
    assert speaker_head(doc[9]).text == "Sanders"
    # The plan , it seems , is dead , said ...: a clause before the verb is its content, not an aside
    doc = parse(("The", 1, "det", "DET"), ("plan", 5, "nsubj", "NOUN"), (",", 5, "punct", "PUNCT"),
                ("as", 4, "mark", "SCONJ"), ("expected", 5, "advcl", "VERB", "expect", "VBN"),
                ("is", 8, "ccomp", "AUX", "be", "VBZ"), ("dead", 5, "acomp", "ADJ"), (",", 8, "punct", "PUNCT"),
                ("said", 8, "ROOT", "VERB", "say", "VBD"))
    assert speaker_head(doc[8]) is None


def test_a_participle_set_off_from_a_root_name_is_the_sentence_verb():
    from newsgraph.extract.speakers.mentions import passive_without_source

    # Beruff , a Scott ally , called the standards strong .   (parsed Beruff ROOT <- acl called)
    doc = parse(("Beruff", 0, "ROOT", "PROPN"), (",", 0, "punct", "PUNCT"), ("a", 4, "det", "DET"),
                ("Scott", 4, "compound", "PROPN"), ("ally", 0, "appos", "NOUN"), (",", 0, "punct", "PUNCT"),
                ("called", 0, "acl", "VERB", "call", "VBN"), ("the", 8, "det", "DET"), ("standards", 6, "oprd", "NOUN"),
                ("strong", 6, "amod", "ADJ"), (".", 0, "punct", "PUNCT"))
    assert not passive_without_source(doc[6]) and speaker_head(doc[6]).text == "Beruff"
    # Trump asked about the plan   (a headline: no aside, a passive with no one named)
    doc = parse(("Trump", 0, "ROOT", "PROPN"), ("asked", 0, "acl", "VERB", "ask", "VBN"), ("about", 1, "prep", "ADP"),
                ("the", 4, "det", "DET"), ("plan", 2, "pobj", "NOUN"))
    assert passive_without_source(doc[1]) and speaker_head(doc[1]) is None


def test_a_participle_right_after_she_said_shares_her_subject_wherever_the_parser_hung_it():
    # " Too much hate , " she said , blaming it on them .   (parsed: hate ROOT <- acl blaming)
    doc = parse(('"', 3, "punct", "PUNCT"), ("Too", 2, "advmod", "ADV"), ("much", 3, "amod", "ADJ"),
                ("hate", 3, "ROOT", "NOUN"), (",", 3, "punct", "PUNCT"), ('"', 3, "punct", "PUNCT"),
                ("she", 7, "nsubj", "PRON"), ("said", 3, "parataxis", "VERB", "say", "VBD"), (",", 7, "punct", "PUNCT"),
                ("blaming", 3, "acl", "VERB", "blame", "VBG"), ("it", 9, "dobj", "PRON"))
    assert speaker_head(doc[9]).text == "she"
    # the same words after a verb that is not one of saying: the parse decides ("hate ..., blaming")
    doc = parse(('"', 3, "punct", "PUNCT"), ("Too", 2, "advmod", "ADV"), ("much", 3, "amod", "ADJ"),
                ("hate", 3, "ROOT", "NOUN"), (",", 3, "punct", "PUNCT"), ('"', 3, "punct", "PUNCT"),
                ("she", 7, "nsubj", "PRON"), ("left", 3, "parataxis", "VERB", "leave", "VBD"), (",", 7, "punct", "PUNCT"),
                ("blaming", 3, "acl", "VERB", "blame", "VBG"), ("it", 9, "dobj", "PRON"))
    assert speaker_head(doc[9]).text == "hate"


def test_according_to_a_tally_by_someone_is_that_someone():
    # ... , according to a tally by the Associated Press / according to the Tax Policy Center
    doc = parse(("Clinton", 1, "nsubj", "PROPN"), ("leads", 1, "ROOT", "VERB", "lead", "VBZ"), (",", 1, "punct", "PUNCT"),
                ("according", 1, "prep", "VERB", "accord", "VBG"), ("to", 3, "prep", "ADP"), ("a", 6, "det", "DET"),
                ("tally", 4, "pobj", "NOUN"), ("by", 6, "prep", "ADP"), ("the", 9, "det", "DET"),
                ("AP", 7, "pobj", "PROPN"))
    assert speaker_head(doc[3], according=True).text == "AP"
    doc = parse(("Clinton", 1, "nsubj", "PROPN"), ("leads", 1, "ROOT", "VERB", "lead", "VBZ"), (",", 1, "punct", "PUNCT"),
                ("according", 1, "prep", "VERB", "accord", "VBG"), ("to", 3, "prep", "ADP"), ("a", 6, "det", "DET"),
                ("tally", 4, "pobj", "NOUN"), ("with", 6, "prep", "ADP"), ("ten", 9, "nummod", "NUM"),
                ("states", 7, "pobj", "NOUN", "state"))
    assert speaker_head(doc[3], according=True).text == "tally"  # "with" names a maker only if it names people


def test_a_party_state_tag_is_spelled_out_and_a_gendered_role_word_tells_the_gender():
    from newsgraph.extract.speakers.roles import description_gender, read_role, spelled_out

    assert read_role(spelled_out("R-Fla.")) == (frozenset(), {"party": frozenset({"R"}), "place": frozenset({"florida"})})
    assert spelled_out("AP") == "AP" and spelled_out("X-Files") == "X-Files"
    doc = parse(("the", 1, "det", "DET"), ("congresswoman", 1, "ROOT", "NOUN"))
    assert description_gender(doc[0:2]) == "f"
    doc = parse(("the", 1, "det", "DET"), ("senator", 1, "ROOT", "NOUN"))
    assert description_gender(doc[0:2]) is None


def test_a_name_before_a_dashed_aside_the_parser_hung_it_on_is_the_speaker():
    from newsgraph.extract.speakers.mentions import _name_before_verb

    # Mr. Bush - in a line that seemed aimed at Trump - declared that it ends   (Bush <- nsubjpass aimed)
    doc = parse(("Mr.", 1, "compound", "PROPN"), ("Bush", 8, "nsubjpass", "PROPN"), ("-", 1, "punct", "PUNCT"),
                ("in", 1, "prep", "ADP"), ("a", 5, "det", "DET"), ("line", 3, "pobj", "NOUN"),
                ("that", 7, "nsubj", "PRON"), ("seemed", 8, "auxpass", "AUX", "seem", "VBD"),
                ("aimed", 12, "advcl", "VERB", "aim", "VBN"), ("at", 8, "prep", "ADP"), ("Trump", 9, "pobj", "PROPN"),
                ("-", 12, "punct", "PUNCT"), ("declared", 12, "ROOT", "VERB", "declare", "VBD"),
                ("that", 15, "mark", "SCONJ"), ("it", 15, "nsubj", "PRON"), ("ends", 12, "ccomp", "VERB", "end", "VBZ"),
                ents=["O", "B-PERSON"] + ["O"] * 14)
    assert speaker_head(doc[12]).text == "Bush"
    # Mr. Bush - Trump aimed it at him - declared: an aside with a subject of its own is a clause
    doc = parse(("Mr.", 1, "compound", "PROPN"), ("Bush", 4, "nsubjpass", "PROPN"), ("-", 1, "punct", "PUNCT"),
                ("Trump", 4, "nsubj", "PROPN"), ("aimed", 9, "advcl", "VERB", "aim", "VBD"), ("it", 4, "dobj", "PRON"),
                ("at", 4, "prep", "ADP"), ("him", 6, "pobj", "PRON"), ("-", 9, "punct", "PUNCT"),
                ("declared", 9, "ROOT", "VERB", "declare", "VBD"),
                ents=["O", "B-PERSON", "O", "B-PERSON"] + ["O"] * 6)
    assert _name_before_verb(doc[9]) is None


def test_a_floating_quantifier_leaves_the_subject_to_the_noun_it_quantifies():
    # Republican leaders - ... - both suggested he go   (two subjects: leaders, both)
    doc = parse(("Republican", 1, "amod", "ADJ"), ("leaders", 4, "nsubj", "NOUN", "leader"), ("-", 1, "punct", "PUNCT"),
                ("both", 4, "nsubj", "PRON"), ("suggested", 4, "ROOT", "VERB", "suggest", "VBD"),
                ("he", 6, "nsubj", "PRON"), ("go", 4, "ccomp", "VERB", "go", "VB"))
    assert mention_span(speaker_head(doc[4])).text == "Republican leaders"
    # "Both suggested he go": a quantifier that is the only subject stays the subject
    doc = parse(("Both", 1, "nsubj", "PRON"), ("suggested", 1, "ROOT", "VERB", "suggest", "VBD"),
                ("he", 3, "nsubj", "PRON"), ("go", 1, "ccomp", "VERB", "go", "VB"))
    assert speaker_head(doc[1]).text == "Both"


def test_a_clause_the_parser_made_the_complement_of_a_subjectless_verb_shares_its_subject():
    # Kasich offered a job , then says he will help   (parsed Kasich <- offered <- ccomp says)
    doc = parse(("Kasich", 1, "nsubj", "PROPN"), ("offered", 6, "ccomp", "VERB", "offer", "VBD"), ("a", 3, "det", "DET"),
                ("job", 1, "dobj", "NOUN"), (",", 6, "punct", "PUNCT"), ("then", 6, "advmod", "ADV", "then", "RB"),
                ("says", 6, "ROOT", "VERB", "say", "VBZ"), ("he", 9, "nsubj", "PRON"), ("will", 9, "aux", "AUX"),
                ("help", 6, "ccomp", "VERB", "help", "VB"))
    assert speaker_head(doc[6]).text == "Kasich"
    # The issue came up , then says he will help: a thing's clause lends no speaker
    doc = parse(("The", 1, "det", "DET"), ("issue", 2, "nsubj", "NOUN"), ("came", 6, "ccomp", "VERB", "come", "VBD"),
                ("up", 2, "prt", "ADP"), (",", 6, "punct", "PUNCT"), ("then", 6, "advmod", "ADV", "then", "RB"),
                ("says", 6, "ROOT", "VERB", "say", "VBZ"), ("he", 9, "nsubj", "PRON"), ("will", 9, "aux", "AUX"),
                ("help", 6, "ccomp", "VERB", "help", "VB"))
    assert speaker_head(doc[6]) is None


def test_a_participle_with_a_clause_object_on_a_root_noun_is_the_sentence_verb():
    # A poll found last week that Clinton leads   (parsed poll ROOT <- acl found)
    doc = parse(("A", 1, "det", "DET"), ("poll", 1, "ROOT", "NOUN"), ("found", 1, "acl", "VERB", "find", "VBN"),
                ("last", 4, "amod", "ADJ"), ("week", 2, "npadvmod", "NOUN"), ("that", 7, "mark", "SCONJ"),
                ("Clinton", 7, "nsubj", "PROPN"), ("leads", 2, "ccomp", "VERB", "lead", "VBZ"))
    assert speaker_head(doc[2]).text == "poll"


def test_a_persons_name_right_before_a_subjectless_verb_is_its_subject():
    # At an event in Ohio , Brenda Johnson also railed against it , and explained that it hurt
    # (parsed Johnson <- pobj in; railed has no subject; explained conj railed)
    doc = parse(("At", 8, "prep", "ADP"), ("an", 2, "det", "DET"), ("event", 0, "pobj", "NOUN"), ("in", 2, "prep", "ADP"),
                ("Ohio", 3, "pobj", "PROPN"), (",", 4, "punct", "PUNCT"), ("Brenda", 7, "compound", "PROPN"),
                ("Johnson", 3, "pobj", "PROPN"), ("railed", 8, "ROOT", "VERB", "rail", "VBD"),
                ("against", 8, "prep", "ADP"), ("it", 9, "pobj", "PRON"), (",", 8, "punct", "PUNCT"),
                ("and", 8, "cc", "CCONJ"), ("explained", 8, "conj", "VERB", "explain", "VBD"),
                ("that", 16, "mark", "SCONJ"), ("it", 16, "nsubj", "PRON"), ("hurt", 13, "ccomp", "VERB", "hurt", "VBD"),
                ents=["O", "O", "O", "O", "B-GPE", "O", "B-PERSON", "I-PERSON"] + ["O"] * 9)
    doc[7].tag_ = "NNP"
    assert speaker_head(doc[8]).text == "Johnson"
    assert speaker_head(doc[13]).text == "Johnson"


def test_a_name_before_an_aside_and_the_verbs_auxiliary_is_the_speaker():
    # after Mr. Trump , asked about it , had said , " ... "   (Trump <- pobj after; said has no subject)
    doc = parse(("It", 1, "nsubj", "PRON"), ("came", 10, "ccomp", "VERB", "come", "VBD"), ("after", 1, "prep", "ADP"),
                ("Mr.", 4, "compound", "PROPN"), ("Trump", 2, "pobj", "PROPN"), (",", 1, "punct", "PUNCT"),
                ("asked", 1, "advcl", "VERB", "ask", "VBN"), ("about", 6, "prep", "ADP"), ("it", 7, "pobj", "PRON"),
                (",", 10, "punct", "PUNCT"), ("had", 11, "aux", "AUX", "have", "VBD"),
                ("said", 11, "ROOT", "VERB", "say", "VBN"), (",", 11, "punct", "PUNCT"),
                ents=["O", "O", "O", "B-PERSON", "I-PERSON"] + ["O"] * 8)
    assert speaker_head(doc[11]).text == "Trump"


def test_a_group_or_poll_a_participle_describes_speaks_unless_the_verbs_subject_made_it():
    # Clinton ignored polls showing her behind   (showing <- acl polls <- dobj ignored)
    doc = parse(("Clinton", 1, "nsubj", "PROPN"), ("ignored", 1, "ROOT", "VERB", "ignore", "VBD"),
                ("polls", 1, "dobj", "NOUN", "poll"), ("showing", 2, "acl", "VERB", "show", "VBG"),
                ("her", 5, "nsubj", "PRON"), ("behind", 3, "ccomp", "ADV"))
    assert speaker_head(doc[3]).text == "polls"
    # Clinton released a report showing her behind: the maker of the report speaks through it
    doc = parse(("Clinton", 1, "nsubj", "PROPN"), ("released", 1, "ROOT", "VERB", "release", "VBD"),
                ("a", 3, "det", "DET"), ("report", 1, "dobj", "NOUN", "report"), ("showing", 3, "acl", "VERB", "show", "VBG"),
                ("her", 6, "nsubj", "PRON"), ("behind", 4, "ccomp", "ADV"))
    assert speaker_head(doc[4]).text == "Clinton"
    # Sanders opened a rally blasting Clinton: a rally is no one
    doc = parse(("Sanders", 1, "nsubj", "PROPN"), ("opened", 1, "ROOT", "VERB", "open", "VBD"),
                ("a", 3, "det", "DET"), ("rally", 1, "dobj", "NOUN", "rally"), ("blasting", 3, "acl", "VERB", "blast", "VBG"),
                ("Clinton", 4, "dobj", "PROPN"))
    assert speaker_head(doc[4]).text == "Sanders"


def test_a_participle_after_an_inverted_attribution_shares_its_speaker():
    # " It is valuable , " said Skelly , explaining he worked   (Skelly tagged an adverb)
    doc = parse(('"', 2, "punct", "PUNCT"), ("It", 2, "nsubj", "PRON"), ("is", 6, "ccomp", "AUX", "be", "VBZ"),
                ("valuable", 2, "acomp", "ADJ"), (",", 6, "punct", "PUNCT"), ('"', 6, "punct", "PUNCT"),
                ("said", 6, "ROOT", "VERB", "say", "VBD"), ("Skelly", 6, "advmod", "ADV"), (",", 6, "punct", "PUNCT"),
                ("explaining", 6, "advcl", "VERB", "explain", "VBG"), ("he", 11, "nsubj", "PRON"),
                ("worked", 9, "ccomp", "VERB", "work", "VBD"))
    assert speaker_head(doc[9]).text == "Skelly"
    # " ... , " she said Monday , explaining ...: a day is no one (the verb's own subject speaks)
    doc = parse(('"', 2, "punct", "PUNCT"), ("It", 2, "nsubj", "PRON"), ("is", 7, "ccomp", "AUX", "be", "VBZ"),
                ("valuable", 2, "acomp", "ADJ"), (",", 7, "punct", "PUNCT"), ('"', 7, "punct", "PUNCT"),
                ("she", 7, "nsubj", "PRON"), ("said", 7, "ROOT", "VERB", "say", "VBD"), ("Monday", 7, "npadvmod", "PROPN"),
                (",", 7, "punct", "PUNCT"), ("explaining", 7, "advcl", "VERB", "explain", "VBG"),
                ents=["O"] * 8 + ["B-DATE", "O", "O"])
    assert speaker_head(doc[10]).text == "she"
    from newsgraph.extract.speakers.mentions import _inverted_name

    doc = parse(('"', 1, "punct", "PUNCT"), ("Yes", 3, "intj", "INTJ"), ('"', 3, "punct", "PUNCT"),
                ("said", 3, "ROOT", "VERB", "say", "VBD"), ("Monday", 3, "npadvmod", "PROPN"), (".", 3, "punct", "PUNCT"),
                ents=["O", "O", "O", "O", "B-DATE", "O"])
    assert _inverted_name(doc[3]) is None


def test_a_noun_the_parser_made_the_subject_of_the_participle_after_it_is_the_verbs_subject():
    # Republican activists clamoring to block Trump say they are confident   (activists <- nsubj clamoring <- advcl say)
    doc = parse(("Republican", 1, "amod", "ADJ"), ("activists", 2, "nsubj", "NOUN", "activist"),
                ("clamoring", 6, "advcl", "VERB", "clamor", "VBG"), ("to", 4, "aux", "PART"),
                ("block", 2, "xcomp", "VERB", "block", "VB"), ("Trump", 4, "dobj", "PROPN"),
                ("say", 6, "ROOT", "VERB", "say", "VBP"), ("they", 8, "nsubj", "PRON"),
                ("are", 6, "ccomp", "AUX", "be", "VBP"), ("confident", 8, "acomp", "ADJ"))
    assert mention_span(speaker_head(doc[6])).text == "Republican activists"


def test_a_headlines_name_ends_before_its_verb_though_the_entity_runs_on():
    # Bernie Sanders Promises Action On Immigration   (NER: one PERSON over the title-cased words)
    doc = parse(("Bernie", 1, "compound", "PROPN"), ("Sanders", 2, "nsubj", "PROPN"),
                ("Promises", 2, "ROOT", "VERB", "promise", "VBZ"), ("Action", 2, "dobj", "PROPN"),
                ("On", 3, "prep", "ADP"), ("Immigration", 4, "pobj", "PROPN"),
                ents=["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "I-PERSON"])
    assert mention_span(speaker_head(doc[2])).text == "Bernie Sanders"
    # a name's own words stay whole: "Bernie Sanders Jr. said"
    doc = parse(("Bernie", 1, "compound", "PROPN"), ("Sanders", 3, "nsubj", "PROPN"), ("Jr.", 1, "appos", "PROPN"),
                ("said", 3, "ROOT", "VERB", "say", "VBD"), ents=["B-PERSON", "I-PERSON", "I-PERSON", "O"])
    assert mention_span(doc[1]).text == "Bernie Sanders Jr."


def test_an_expletive_there_is_no_speaker():
    # There is chatter about Perez , saying he won   (the participle shares the clause's subject)
    doc = parse(("There", 1, "expl", "PRON", "there", "EX"), ("is", 1, "ROOT", "AUX", "be", "VBZ"),
                ("chatter", 1, "attr", "NOUN"), ("about", 2, "prep", "ADP"), ("Perez", 3, "pobj", "PROPN"),
                (",", 1, "punct", "PUNCT"), ("saying", 1, "advcl", "VERB", "say", "VBG"),
                ("he", 8, "nsubj", "PRON"), ("won", 6, "ccomp", "VERB", "win", "VBD"))
    assert speaker_head(doc[6]) is None


def test_a_name_after_a_quotation_is_left_to_the_drafts_and_a_name_with_a_verb_in_it_stays_whole():
    from newsgraph.extract.speakers.mentions import _person_right_before

    # " ... , " Tulsa police Chief Chuck Jordan said   (said a conjunct without a subject)
    doc = parse(('"', 1, "punct", "PUNCT"), ("Yes", 1, "ROOT", "INTJ"), (",", 1, "punct", "PUNCT"),
                ('"', 1, "punct", "PUNCT"), ("Tulsa", 1, "dep", "VERB", "tulsa", "VB"), ("police", 6, "compound", "NOUN"),
                ("Chief", 4, "dobj", "PROPN"), ("Chuck", 8, "compound", "PROPN"), ("Jordan", 6, "appos", "PROPN"),
                ("said", 1, "conj", "VERB", "say", "VBD"),
                ents=["O", "O", "O", "O", "B-GPE", "O", "O", "B-PERSON", "I-PERSON", "O"])
    assert _person_right_before(doc[9]) is None
    # the event organizer Alliance to Reclaim Our Schools said   (a verb-tagged word inside the name)
    doc = parse(("Alliance", 5, "nsubj", "PROPN"), ("to", 2, "aux", "PART"), ("Reclaim", 0, "relcl", "VERB", "reclaim", "VB"),
                ("Our", 4, "poss", "PRON"), ("Schools", 2, "dobj", "PROPN"), ("said", 5, "ROOT", "VERB", "say", "VBD"),
                ents=["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O"])
    assert mention_span(doc[0]).text == "Alliance to Reclaim Our Schools"

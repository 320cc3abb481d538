"""newsgraph's attribute table and array lemmatizer against spaCy's own, token by token.

    python bench/check_model_equivalents.py PATH.jsonl [PATH.jsonl ...]

Parses every record's `text` with the model up to its attribute ruler, then runs spaCy's
AttributeRuler and newsgraph's AttributeTable on two copies of each Doc, and spaCy's Lemmatizer
and newsgraph's ArrayLemmatizer (each with its own model instance) on two copies after the
ruler; compares every token's ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB and sentence
start. Prints the documents compared, how many differ (the first difference of each) and the
CPU time of each side. Exits 1 if any differ.
"""
from __future__ import annotations

import argparse
import gc
import json
import time

import spacy
from spacy.attrs import IDS

from newsgraph.array_lemmatizer import ArrayLemmatizer
from newsgraph.attribute_table import AttributeTable
from newsgraph.config import Settings
from newsgraph.nlp import resolve_model_name

COMPARED = [IDS[name] for name in ("ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "SENT_START")]


def texts_of(paths: list[str]) -> list[str]:
    texts = []
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line) if line.strip() else {}
                if isinstance(record.get("text"), str):
                    texts.append(record["text"])
    return texts


def first_difference(a, b) -> str | None:
    for x, y in zip(a, b):
        left = (x.tag_, x.pos_, str(x.morph), x.lemma_, x.dep_)
        right = (y.tag_, y.pos_, str(y.morph), y.lemma_, y.dep_)
        if left != right:
            return f"{x.text!r}: spaCy {left}, newsgraph {right}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    name = resolve_model_name(Settings.from_env().model)
    nlp, other = spacy.load(name), spacy.load(name)  # one lemmatizer cache each
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    table = AttributeTable(nlp.vocab).copy_rules(ruler)
    array_lemmatizer = ArrayLemmatizer(other.vocab).wrap(other.get_pipe("lemmatizer"))
    gc.collect()
    gc.freeze()  # as load_pipeline does: collections do not walk the models while timed
    seconds = {"ruler": 0.0, "table": 0.0, "lemmatizer": 0.0, "array lemmatizer": 0.0}

    def timed(label, component, doc):
        start = time.process_time()
        component(doc)
        seconds[label] += time.process_time() - start
        return doc

    compared = differing = 0
    for doc in nlp.pipe(texts_of(args.paths), disable=["attribute_ruler", "lemmatizer", "ner"], batch_size=32):
        ruled, tabled = timed("ruler", ruler, doc.copy()), timed("table", table, doc.copy())
        lemmatized = timed("lemmatizer", lemmatizer, ruled.copy())
        array_lemmatized = timed("array lemmatizer", array_lemmatizer, ruled.copy())
        compared += 1
        for a, b in ((ruled, tabled), (lemmatized, array_lemmatized)):
            if not (a.to_array(COMPARED) == b.to_array(COMPARED)).all():
                differing += 1
                print("differs:", first_difference(a, b))
                break
    print(f"{compared} documents, {differing} differing; CPU s: " + ", ".join(f"{k} {v:.2f}" for k, v in seconds.items()))
    raise SystemExit(1 if differing else 0)


if __name__ == "__main__":
    main()

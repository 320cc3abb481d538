"""The tagger's window layers: the training network (thinc) and the numpy runtime compute the same."""
from __future__ import annotations

import numpy as np
import pytest
from thinc.api import expand_window
from thinc.types import Ragged

from newsgraph.extract.attribution.features import COLUMNS, Vocabs
from newsgraph.extract.attribution.model import DilatedWindow, build_model
from newsgraph.extract.attribution.runtime import Tagger, export_weights
from newsgraph.extract.attribution.windows import dilations, window_edges

LENGTHS = [5, 1, 2, 9, 3]


def test_window_edges_stay_inside_each_doc():
    left, right = window_edges(np.array([3, 1, 4]), 2)
    assert left.tolist() == [False, False, True, False, False, False, True, True]
    assert right.tolist() == [True, False, False, False, True, True, False, False]


def test_dilations_default_to_plain_windows():
    assert dilations({"depth": 3}) == [1, 1, 1]
    assert dilations({"depth": 2, "dilations": [1, 3]}) == [1, 3]


def test_dilated_window_of_one_is_thincs_window_and_backprop_is_its_adjoint():
    rng = np.random.default_rng(0)
    X = Ragged(rng.normal(size=(sum(LENGTHS), 4)).astype("f"), np.array(LENGTHS, dtype="i"))
    ours, _ = DilatedWindow(1)(X, is_train=False)
    theirs, _ = expand_window(window_size=1)(X, is_train=False)
    assert np.allclose(ours.dataXd, theirs.dataXd)
    for d in (1, 2, 4):
        Y, backprop = DilatedWindow(d)(X, is_train=True)
        dY = rng.normal(size=Y.dataXd.shape).astype("f")
        dX = backprop(Ragged(dY, X.lengths)).dataXd
        # a linear map's backward pass is its transpose: <W x, y> == <x, W^T y>
        assert np.isclose(np.sum(Y.dataXd * dY), np.sum(X.dataXd * dX), rtol=1e-4)
        pos = np.concatenate([np.arange(n) for n in LENGTHS])
        # token 0 of the 9-long Doc (row 8) sees the token d to its right in the third block
        assert np.allclose(Y.dataXd[8, 8:], X.dataXd[8 + d])
        assert not Y.dataXd[pos < d, :4].any()


@pytest.mark.parametrize("dil, activation", [([1, 1], "maxout"), ([1, 2, 4], "maxout"), ([2, 3], "relu")])
def test_numpy_runtime_matches_the_training_network(dil, activation):
    vocabs = Vocabs(**{k: np.zeros(0, dtype=np.uint64) for k in ("lemma", "pos", "tag", "dep", "ent", "cue")})
    cfg = {"width": 8, "depth": len(dil), "dilations": dil, "emb_width": 3, "activation": activation,
           "pieces": 2, "dropout": 0.0, "lstm": 0, "n_cols": len(COLUMNS), "dense_width": 0,
           "n_rows": vocabs.n_rows}
    rng = np.random.default_rng(1)
    feats = [(np.zeros((n, 0), dtype="f"), rng.integers(0, vocabs.n_rows, size=(n, len(COLUMNS))).astype(np.int32))
             for n in LENGTHS]
    model = build_model(cfg)
    model.initialize(X=feats[:2], Y=[np.eye(7, dtype="f")[np.zeros(n, dtype=int)] for n in LENGTHS[:2]])
    # non-trivial norms and biases, so that any layer the runtime skipped or misplaced shows
    for node in model.walk():
        for name in node.param_names:
            if node.has_param(name):
                p = node.get_param(name)
                node.set_param(name, (p + rng.normal(0, 0.3, p.shape)).astype("f"))
    expected = model.predict(feats)
    tagger = Tagger(export_weights(model), {"cfg": cfg, "vocabs": vocabs.to_dict()})
    got = tagger.probabilities(feats)
    for e, g in zip(expected, got):
        assert np.allclose(e, g, atol=1e-5)

"""The tagger network (thinc) and its serialisation.

    features of each token: [Doc.tensor (frozen base tok2vec) ; embeddings of the id columns]
      -> Maxout(width) or Relu(width)          (LayerNorm; cfg "activation", "pieces")
      -> depth x residual(window 1 -> same)  (receptive field +-depth tokens; cfg "dilations":
                                              layer k sees the tokens dilations[k] away, so
                                              1, 2, 4 reach +-7 tokens at the cost of 3 layers)
      -> [optional BiLSTM over the Doc]      (lstm > 0: hidden size per direction)
      -> Softmax over the 7 BIO labels

The parse features (ancestors, governing verbs, sentence root, quote marks) give each token
long-range context the window encoder alone would not see.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from thinc.api import (LSTM, Maxout, Model, Relu, Softmax, chain, clone, expand_window, list2ragged, ragged2list,
                       residual, with_array, with_padded)
from thinc.types import Floats2d, Ragged

from newsgraph.extract.attribution.bio import LABELS
from newsgraph.extract.attribution.windows import dilations, window_edges

DocFeats = tuple[np.ndarray, np.ndarray]  # dense (n, W) float32, ids (n, C) int32


def FeatureEmbed(n_rows: int, width: int, n_cols: int, dense_width: int) -> Model[list[DocFeats], list[Floats2d]]:
    """Look up each id column in one shared table and concatenate them after the dense features."""

    def init(model: Model, X=None, Y=None) -> None:
        rng = np.random.default_rng(0)
        model.set_param("E", (rng.normal(0, 0.1, (n_rows, width))).astype("f"))

    def forward(model: Model, docs: list[DocFeats], is_train: bool):
        E = model.get_param("E")
        lens = [len(d[1]) for d in docs]
        ids = np.concatenate([d[1] for d in docs]) if docs else np.zeros((0, n_cols), dtype=np.int32)
        dense = np.concatenate([d[0] for d in docs]) if docs else np.zeros((0, dense_width), dtype="f")
        emb = E[ids].reshape(len(ids), n_cols * width)
        out = np.hstack([dense, emb]).astype("f", copy=False)
        splits = np.cumsum(lens)[:-1]
        Ys = np.split(out, splits) if docs else []

        def backprop(dYs: list[Floats2d]):
            dY = np.concatenate(dYs)[:, dense_width:].reshape(-1, width)
            dE = np.zeros_like(E)
            np.add.at(dE, ids.ravel(), dY)
            model.inc_grad("E", dE)
            return []

        return Ys, backprop

    return Model("feature_embed", forward, init=init, params={"E": None},
                 dims={"nO": dense_width + n_cols * width})


def DilatedWindow(d: int) -> Model[Ragged, Ragged]:
    """[token d to the left, token, token d to the right] per token, zeros past a Doc's edges
    (thinc's expand_window for d = 1)."""

    def forward(model: Model, Xr: Ragged, is_train: bool):
        X = Xr.dataXd
        n, w = X.shape
        left, right = window_edges(Xr.lengths, d)
        Y = np.zeros((n, 3 * w), dtype=X.dtype)
        Y[:, w:2 * w] = X
        Y[d:, :w][left[d:]] = X[:-d][left[d:]]
        Y[:-d, 2 * w:][right[:-d]] = X[d:][right[:-d]]

        def backprop(dYr: Ragged) -> Ragged:
            dY = dYr.dataXd
            dX = dY[:, w:2 * w].copy()
            dX[:-d][left[d:]] += dY[d:, :w][left[d:]]
            dX[d:][right[:-d]] += dY[:-d, 2 * w:][right[:-d]]
            return Ragged(dX, Xr.lengths)

        return Ragged(Y, Xr.lengths), backprop

    return Model(f"dilated_window_{d}", forward)


def build_model(cfg: dict) -> Model:
    width, depth, emb = cfg["width"], cfg["depth"], cfg["emb_width"]
    n_cols, dense_width = cfg["n_cols"], cfg["dense_width"]
    n_in = dense_width + n_cols * emb
    drop = cfg.get("dropout", 0.1)
    embed = FeatureEmbed(cfg["n_rows"], emb, n_cols, dense_width)
    def hidden(n_in: int) -> Model:
        if cfg.get("activation", "maxout") == "relu":
            return Relu(width, n_in, normalize=True, dropout=drop)
        return Maxout(width, n_in, nP=cfg.get("pieces", 2), normalize=True, dropout=drop)

    # Ragged (all Docs of a batch as one array plus lengths): windows see zeros past a Doc's edges
    layers = [list2ragged(), with_array(hidden(n_in))]
    if set(dilations(cfg)) == {1}:
        layers.append(clone(residual(chain(expand_window(window_size=1), with_array(hidden(width * 3)))), depth))
    else:
        for d in dilations(cfg):
            window = expand_window(window_size=1) if d == 1 else DilatedWindow(d)
            layers.append(residual(chain(window, with_array(hidden(width * 3)))))
    layers.append(ragged2list())
    encoder = chain(*layers)
    out_width = width
    parts = [embed, encoder]
    if cfg.get("lstm", 0):
        parts.append(with_padded(LSTM(2 * cfg["lstm"], width, bi=True)))
        out_width = 2 * cfg["lstm"]
    parts.append(with_array(Softmax(len(LABELS), out_width)))
    model = chain(*parts)
    model.attrs["cfg"] = dict(cfg)
    return model

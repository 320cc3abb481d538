"""Inference in plain numpy from the exported weights (`weights.npz` + `attribution.json`).

The thinc network of model.py is used for training only; `export_weights` flattens it into named
arrays, and `Tagger.probabilities` recomputes the same function (equal to float rounding) with all
Docs of a batch going through each layer as one matrix; windows see zeros past a Doc's edges, as
the Ragged layers of the training network do. Maxout weights are stored piece-major so the max over
pieces is an elementwise max of slices.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from spacy.attrs import IS_SPACE
from spacy.tokens import Doc

from newsgraph.extract.attribution.bio import LABELS, viterbi_batch
from newsgraph.extract.attribution.blas import single_threaded_blas
from newsgraph.extract.attribution.features import Vocabs, doc_features, docs_features
from newsgraph.extract.attribution.windows import dilations, window_edges

WEIGHTS = "weights.npz"
META = "attribution.json"


def export_weights(model) -> dict[str, np.ndarray]:
    """Named float32 arrays from the thinc model built by model.build_model (after training)."""
    cfg = model.attrs["cfg"]
    out: dict[str, np.ndarray] = {}
    params = {}
    for node in model.walk():
        for name in node.param_names:
            if node.has_param(name):
                params.setdefault(node.id, {})[name] = np.asarray(node.get_param(name), dtype=np.float32)
    embed = next(n for n in model.walk() if n.name == "feature_embed")
    out["E"] = params[embed.id]["E"]
    maxouts = [n for n in model.walk() if n.name in ("maxout", "relu")]
    norms = [n for n in model.walk() if n.name == "layernorm"]
    assert len(maxouts) == len(norms) == 1 + cfg["depth"], (len(maxouts), len(norms))
    for k, (mx, ln) in enumerate(zip(maxouts, norms)):
        W = params[mx.id]["W"]  # maxout (nO, nP, nI); relu (nO, nI)
        if W.ndim == 2:
            W = W[:, None, :]
        nO, nP, nI = W.shape
        out[f"W{k}"] = W.reshape(nO * nP, nI)
        out[f"b{k}"] = params[mx.id]["b"].reshape(nO * nP)
        out[f"G{k}"] = params[ln.id]["G"]
        out[f"beta{k}"] = params[ln.id]["b"]
    soft = next(n for n in model.walk() if n.name == "softmax")
    out["Ws"] = params[soft.id]["W"]
    out["bs"] = params[soft.id]["b"]
    lstms = [n for n in model.walk() if n.name == "lstm"]
    if lstms:
        out["lstm"] = params[lstms[0].id]["LSTM"]
        out["lstm_hc0"] = params[lstms[0].id]["HC0"]
    return out


class Tagger:
    """The attribution tagger: Docs in, per-token label probabilities out."""

    def __init__(self, weights: dict[str, np.ndarray], meta: dict):
        self.meta = meta
        self.cfg = meta["cfg"]
        self.vocabs = Vocabs.from_dict(meta["vocabs"])
        self.depth = self.cfg["depth"]
        self.dilations = dilations(self.cfg)
        self.width = self.cfg["width"]
        self.relu = self.cfg.get("activation", "maxout") == "relu"
        self.pieces = 1 if self.relu else self.cfg.get("pieces", 2)
        self.dense_width = self.cfg["dense_width"]
        self.w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}
        # maxout weights piece-major, (nP * nO, nI): the max over pieces is then a max of slices
        for k in range(self.depth + 1):
            W, b = self.w[f"W{k}"], self.w[f"b{k}"]
            nI = W.shape[1]
            piece_major = W.reshape(self.width, self.pieces, nI).transpose(1, 0, 2).reshape(-1, nI)
            self.w[f"W{k}T"] = np.ascontiguousarray(piece_major.T)  # (nI, nP * nO)
            self.w[f"b{k}"] = np.ascontiguousarray(b.reshape(self.width, self.pieces).T.reshape(-1))
            del self.w[f"W{k}"]
        self.E = self.w["E"]
        self.w["WsT"] = np.ascontiguousarray(self.w["Ws"].T)
        self._lstm_layer = None

    @classmethod
    def load(cls, path: str | Path) -> "Tagger":
        path = Path(path)
        meta = json.loads((path / META).read_text(encoding="utf-8"))
        with np.load(path / WEIGHTS) as data:
            weights = {k: data[k] for k in data.files}
        return cls(weights, meta)

    # -- layers --------------------------------------------------------------------------------
    @staticmethod
    def _gemm(X: np.ndarray, W: np.ndarray) -> np.ndarray:
        return X @ W

    def _maxout_norm(self, X: np.ndarray, k: int, pre: np.ndarray | None = None) -> np.ndarray:
        Y = pre if pre is not None else self._gemm(X, self.w[f"W{k}T"])
        Y += self.w[f"b{k}"]
        w = self.width
        if self.relu:
            M = np.maximum(Y, 0, out=Y)
        else:
            M = np.maximum(Y[:, :w], Y[:, w:2 * w]) if self.pieces > 1 else Y[:, :w].copy()
            for p in range(2, self.pieces):
                np.maximum(M, Y[:, p * w:(p + 1) * w], out=M)
        M -= M.mean(axis=1, keepdims=True)
        var = np.einsum("ij,ij->i", M, M) / w + 1e-08
        M *= (1.0 / np.sqrt(var))[:, None]
        M *= self.w[f"G{k}"]
        M += self.w[f"beta{k}"]
        return M

    def _first(self, dense: np.ndarray, ids: np.ndarray) -> np.ndarray:
        emb = self.E.take(ids.ravel(), axis=0).reshape(len(ids), -1)
        return self._maxout_norm(np.hstack([dense, emb]) if dense.shape[1] else emb, 0)

    def _window(self, H: np.ndarray, lengths: list[int], k: int) -> np.ndarray:
        # [previous, self, next] per token (d = 1: the neighbours; d > 1: the tokens d away), zero
        # beyond each Doc's edges
        n, w = H.shape
        d = self.dilations[k - 1]
        X = np.empty((n, 3 * w), dtype=np.float32)
        X[:, w:2 * w] = H
        X[d:, :w] = H[:-d]
        X[:-d, 2 * w:] = H[d:]
        if d == 1:  # the only cells to clear: the first Doc starts at row 0, the last ends at row n - 1
            ends = np.cumsum(lengths)
            X[ends - np.asarray(lengths), :w] = 0
            X[ends - 1, 2 * w:] = 0
        else:
            left, right = window_edges(np.asarray(lengths), d)
            X[~left, :w] = 0
            X[~right, 2 * w:] = 0
        return H + self._maxout_norm(X, k)

    def _lstm(self, H: np.ndarray, lengths: list[int]) -> np.ndarray:
        if self._lstm_layer is None:
            from thinc.api import LSTM, with_padded

            layer = with_padded(LSTM(2 * self.cfg["lstm"], self.width, bi=True))
            layer.initialize()
            lstm = next(n for n in layer.walk() if n.name == "lstm")
            lstm.set_param("LSTM", self.w["lstm"])
            lstm.set_param("HC0", self.w["lstm_hc0"])
            self._lstm_layer = layer
        seqs = np.split(H, np.cumsum(lengths)[:-1])
        return np.concatenate(self._lstm_layer.predict(seqs))

    def probabilities(self, feats: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        lengths = [len(ids) for _, ids in feats]
        nonempty = [f for f in feats if len(f[1])]
        if not nonempty:
            return [np.zeros((0, len(LABELS)), dtype=np.float32) for _ in feats]
        lens = [len(ids) for _, ids in nonempty]
        dense = np.concatenate([d for d, _ in nonempty])
        ids = np.concatenate([i for _, i in nonempty])
        H = self._first(dense, ids)
        for k in range(1, self.depth + 1):
            H = self._window(H, lens, k)
        if self.cfg.get("lstm"):
            H = self._lstm(H, lens)
        logits = self._gemm(H, self.w["WsT"])
        logits += self.w["bs"]
        logits -= logits.max(axis=1, keepdims=True)
        P = np.exp(logits)
        P /= P.sum(axis=1, keepdims=True)
        out, at = [], 0
        for n in lengths:
            out.append(P[at:at + n])
            at += n
        return out

    def features(self, doc: Doc) -> tuple[np.ndarray, np.ndarray]:
        return doc_features(doc, self.vocabs, self.dense_width)

    def predict(self, docs: list[Doc]) -> list[tuple[np.ndarray, np.ndarray]]:
        """(label ids after BIO-constrained decoding, per-token probabilities) for each Doc.

        Decoding restarts at line breaks: no span crosses one."""
        with single_threaded_blas():
            probs = self.probabilities(docs_features(docs, self.vocabs, self.dense_width))
        tags = viterbi_batch(probs, [line_breaks(d) for d in docs])
        return list(zip(tags, probs))


def line_breaks(doc: Doc) -> np.ndarray:
    """Token indices that start a new line: a whitespace token with a line break, and the token after it."""
    if len(doc) == 0:
        return np.zeros(0, dtype=np.int64)
    space = np.flatnonzero(doc.to_array([IS_SPACE]).astype(bool))
    nl = np.array([i for i in space if "\n" in doc[int(i)].text], dtype=np.int64)
    return np.unique(np.concatenate([nl, nl + 1]))

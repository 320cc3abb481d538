"""Inference in plain numpy from the exported weights (`weights.npz` + `attribution.json`).

The thinc network of model.py is used for training only; `export_weights` flattens it into named
arrays, and `Tagger.predict` recomputes the same function batch-wise with two shortcuts:
- the first layer's product with the embeddings of the small-vocabulary columns (POS, tag, dep,
  entity, quote/position codes) is precomputed per vocabulary row, so those columns cost a gather;
- all Docs of a batch go through each layer as one matrix (windows do not cross Docs).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from newsgraph.extract.attribution.bio import LABELS, viterbi_batch
from newsgraph.extract.attribution.features import COLUMNS, Vocabs, doc_features

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
    maxouts = [n for n in model.walk() if n.name == "maxout"]
    norms = [n for n in model.walk() if n.name == "layernorm"]
    assert len(maxouts) == len(norms) == 1 + cfg["depth"], (len(maxouts), len(norms))
    for k, (mx, ln) in enumerate(zip(maxouts, norms)):
        W = params[mx.id]["W"]  # (nO, nP, nI)
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
    return out


class Tagger:
    """The attribution tagger: Docs in, per-token label probabilities out."""

    def __init__(self, weights: dict[str, np.ndarray], meta: dict):
        self.meta = meta
        self.cfg = meta["cfg"]
        self.vocabs = Vocabs.from_dict(meta["vocabs"])
        self.depth = self.cfg["depth"]
        self.width = self.cfg["width"]
        self.pieces = self.cfg.get("pieces", 2)
        self.dense_width = self.cfg["dense_width"]
        self.w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}
        emb = self.cfg["emb_width"]
        E, W0 = self.w["E"], self.w["W0"]
        self.W0_dense_T = np.ascontiguousarray(W0[:, :self.dense_width].T)
        # columns that index the lemma block keep gather + matmul; the others get projected tables
        self.lemma_cols = [j for j, (_, kind) in enumerate(COLUMNS) if kind == "lemma"]
        self.small_cols = [j for j, (_, kind) in enumerate(COLUMNS) if kind != "lemma"]
        self.W0_lemma_T = np.ascontiguousarray(np.concatenate(
            [W0[:, self.dense_width + j * emb: self.dense_width + (j + 1) * emb] for j in self.lemma_cols], axis=1).T)
        lemma_rows = self.vocabs.offsets["lemma"] + self.vocabs.sizes["lemma"]
        self.lemma_rows = lemma_rows
        # one stacked table: row r of column j's projection at r - lemma_rows + block offset of j
        small_rows = E.shape[0] - lemma_rows
        proj = []
        for j in self.small_cols:
            Wj = W0[:, self.dense_width + j * emb: self.dense_width + (j + 1) * emb]
            proj.append(E[lemma_rows:] @ Wj.T)  # (small_rows, nO*nP)
        self.small_proj = np.ascontiguousarray(np.concatenate(proj, axis=0))
        self.small_shift = (np.arange(len(self.small_cols)) * small_rows - lemma_rows).astype(np.int64)
        self.E = E
        self.emb = emb

    @classmethod
    def load(cls, path: str | Path) -> "Tagger":
        path = Path(path)
        meta = json.loads((path / META).read_text(encoding="utf-8"))
        with np.load(path / WEIGHTS) as data:
            weights = {k: data[k] for k in data.files}
        return cls(weights, meta)

    # -- layers --------------------------------------------------------------------------------
    def _maxout_norm(self, X: np.ndarray, k: int, pre: np.ndarray | None = None) -> np.ndarray:
        Y = pre if pre is not None else X @ self.w[f"W{k}"].T
        Y += self.w[f"b{k}"]
        Y = Y.reshape(len(Y), self.width, self.pieces).max(axis=2)
        mu = Y.mean(axis=1, keepdims=True)
        var = Y.var(axis=1, keepdims=True) + 1e-08
        Y = (Y - mu) / np.sqrt(var)
        Y *= self.w[f"G{k}"]
        Y += self.w[f"beta{k}"]
        return Y

    def _first(self, dense: np.ndarray, ids: np.ndarray) -> np.ndarray:
        pre = dense @ self.W0_dense_T
        lem = self.E[ids[:, self.lemma_cols]].reshape(len(ids), -1)
        pre += lem @ self.W0_lemma_T
        rows = ids[:, self.small_cols].astype(np.int64) + self.small_shift
        pre += self.small_proj[rows].sum(axis=1)
        return self._maxout_norm(dense, 0, pre=pre)

    def _window(self, H: np.ndarray, lengths: list[int], k: int) -> np.ndarray:
        # [previous, self, next] per token, zero beyond each Doc's edges
        n, w = H.shape
        X = np.zeros((n, 3 * w), dtype=np.float32)
        X[:, w:2 * w] = H
        X[1:, :w] = H[:-1]
        X[:-1, 2 * w:] = H[1:]
        ends = np.cumsum(lengths)
        starts = ends - np.asarray(lengths)
        X[starts, :w] = 0
        X[ends - 1, 2 * w:] = 0
        return H + self._maxout_norm(X, k)

    def _lstm(self, H: np.ndarray, lengths: list[int]) -> np.ndarray:
        from thinc.api import NumpyOps
        from thinc.types import Padded

        ops = NumpyOps()
        nH = self.cfg["lstm"]
        seqs = np.split(H, np.cumsum(lengths)[:-1])
        padded = ops.list2padded(seqs)
        H0 = np.zeros((1, 2, nH), dtype=np.float32)
        Y = ops.lstm_forward_inference(self.w["lstm"], H0, H0.copy(), padded.data.reshape(-1, H.shape[1]),
                                       padded.size_at_t)
        Yp = Padded(Y.reshape(padded.data.shape[0], padded.data.shape[1], -1), padded.size_at_t,
                    padded.lengths, padded.indices)
        return np.concatenate(ops.padded2list(Yp))

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
        logits = H @ self.w["Ws"].T + self.w["bs"]
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
        """(label ids after BIO-constrained decoding, per-token probabilities) for each Doc."""
        probs = self.probabilities([self.features(d) for d in docs])
        tags = viterbi_batch(probs)
        return list(zip(tags, probs))

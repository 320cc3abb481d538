"""What a component standing in for a spaCy component it holds does through the held one.

newsgraph's AttributeTable and ArrayLemmatizer replace a model's ruler and lemmatizer under the
same pipe name, holding the replaced component. So that the pipeline saves, loads, pickles,
scores and handles errors as it did before the swap, those go through the held component: it is
what is saved (the ruler's patterns, the lemmatizer's tables) and what the stand-in is rebuilt from.
"""
from __future__ import annotations


class StandIn:
    """Subclasses say which component they hold (`_held`), which one a saved one loads into
    (`_to_load_into`) and how they take it on (`_hold`, returning self)."""

    def _held(self):
        raise NotImplementedError

    def _to_load_into(self):
        raise NotImplementedError

    def _hold(self, component):
        raise NotImplementedError

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return self._held().to_bytes(exclude=exclude)

    def from_bytes(self, data: bytes, *, exclude=tuple()):
        return self._hold(self._to_load_into().from_bytes(data, exclude=exclude))

    def to_disk(self, path, *, exclude=tuple()) -> None:
        self._held().to_disk(path, exclude=exclude)

    def from_disk(self, path, *, exclude=tuple()):
        return self._hold(self._to_load_into().from_disk(path, exclude=exclude))

    def score(self, examples, **kwargs) -> dict:  # nlp.evaluate's accuracies of what it sets
        return self._held().score(examples, **kwargs)

    def get_error_handler(self):
        return self._held().get_error_handler()

    def set_error_handler(self, error_handler) -> None:  # nlp.set_error_handler reaches the held one
        self._held().set_error_handler(error_handler)

"""The store's side of cross-article resolution (newsgraph.resolve): canonical actors, story clusters (quote keys are the committer's).

The resolving itself lives in `newsgraph.resolve`; this module feeds it what the store already
holds, so that a resumed or later run goes on where the last one stopped, and hands the writer ids.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.resolve.actors import Actor, ActorIndex
from newsgraph.resolve.stories import StoryIndex, StorySignature


@dataclass
class Story:
    story_id: str
    duplicate_of: str | None
    signature: StorySignature | None = None


class Resolution:
    """Actor ids for a record's entities, its story and duplicate."""

    def __init__(self, stored_actors: list[Actor], redirects: dict[str, str], overrides: str | Path | None = None,
                 stories: bool = True):
        self.actor_index = ActorIndex.from_actors(stored_actors, redirects) if stored_actors else ActorIndex()
        self.stored_redirects = dict(redirects)
        self.problems: list[str] = []
        self.touched: set[str] = set()
        if overrides:
            self.problems = self.actor_index.apply_overrides(overrides)
            self.touched = {a.id for a in self.actor_index.actors()}  # merges and renames may change any of them
        self.clusters = stories
        self._story_index: StoryIndex | None = None
        self._prepared: dict[str, tuple[str, Any]] = {}  # article id -> (text, its signature values)

    def actor_ids(self, record: dict) -> dict[str, str]:
        ids = {}
        for entity in record.get("entities") or []:
            actor_id = self.actor_index.assign(str(record["id"]), record.get("published"), entity)
            ids[entity["id"]] = actor_id
            self.touched.add(actor_id)
        return ids

    def rebuild_actors(self, actor_ids: Iterable[str], observations: Iterable[tuple], article_counts: dict[str, int]) -> None:
        """Build these actors again from the entities still assigned to them, forgetting those of
        replaced articles (ActorIndex.rebuild); they are rewritten with the next changes, and those
        no entity is left to are dropped, with the merges into them."""
        actor_ids = set(actor_ids)
        self.actor_index.rebuild(actor_ids, observations, article_counts)
        self.touched |= actor_ids

    def current_ids(self, actor_ids: Iterable[str]) -> set[str]:
        """These actors' ids, merges followed."""
        return {self.actor_index.current_id(i) for i in actor_ids}

    def merged_into(self, actor_ids: set[str]) -> set[str]:
        """Ids merged away (by overrides) into one of these actors."""
        return {old for old, new in self.actor_index.redirects().items() if new in actor_ids}

    def changes(self) -> tuple[list[Actor], dict[str, str]]:
        """Actors to (re)write since the last call, and ids newly merged away (old -> new)."""
        redirects = self.actor_index.redirects()
        moved = {old: new for old, new in redirects.items() if self.stored_redirects.get(old) != new}
        self.stored_redirects = redirects
        touched, self.touched = self.touched | set(moved.values()), set()
        actors = {}  # get() follows merges: an id assigned before a merge gives the actor it joined
        for actor in (self.actor_index.get(i) for i in sorted(touched)):
            if actor is not None:
                actors[actor.id] = actor
        return list(actors.values()), moved

    def prepare_stories(self, records: list[dict], earlier: Callable[[], Iterable[StorySignature]]) -> None:
        """Compute the story signatures of these records' texts at once (StoryIndex.signature_values),
        for the `story` calls that follow; those prepared before and not asked for are dropped."""
        self._prepared = {}
        if not self.clusters or not records:
            return
        index = self._index(earlier)
        texts = [record.get("text") or "" for record in records]
        self._prepared = {str(record["id"]): (text, values)
                          for record, text, values in zip(records, texts, index.signature_values(texts))}

    def _index(self, earlier: Callable[[], Iterable[StorySignature]]) -> StoryIndex:
        if self._story_index is None:
            self._story_index = StoryIndex.from_signatures(earlier())
        return self._story_index

    def story(self, record: dict, earlier: Callable[[], Iterable[StorySignature]], replaces: str | None = None) -> Story:
        """The record's story. `earlier()` gives the stored signatures in the order they were added;
        it is called only the first time a story is needed, to restore the index. `replaces`: the
        id of the article the record is a new version of, whose place it takes (StoryIndex.add)."""
        if not self.clusters:
            return Story(f"story:{record['id']}", None)
        index = self._index(earlier)
        article_id = str(record["id"])
        text = record.get("text") or ""
        prepared = self._prepared.pop(article_id, None)
        values = prepared[1] if prepared is not None and prepared[0] is text else None
        assignment = index.add(article_id, text, record.get("published"), replaces, values)
        return Story(assignment.story_id, assignment.duplicate_of, index.signature(article_id))

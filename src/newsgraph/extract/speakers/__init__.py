"""Speakers of quotes: the mention next to the cue, and the entity it stands for."""
from newsgraph.extract.speakers.mentions import mention_span, speaker_head
from newsgraph.extract.speakers.resolve import resolve_mention

__all__ = ["mention_span", "resolve_mention", "speaker_head"]

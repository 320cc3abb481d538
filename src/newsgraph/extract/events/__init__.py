"""PLOVER events: the `newsgraph_events` spaCy component and the pieces it is made of.

triggers (patterns indexed per trigger word, matched on the parse; demands for "X says Y must")
-> arguments (doers) and recipients -> participants (phrases, entities, pronouns, coref) ->
status -> dates; then learned (a classifier over candidate pairs) re-types the rule events and
adds events where the patterns found none. docview caches what the parse is asked again and again per document, and
datelines keeps "WASHINGTON -" out of the actors. The patterns and word lists are data in
resources/events/.
"""
from newsgraph.extract.events.component import EventExtractor, make_event_extractor, sentence_events
from newsgraph.extract.events.dates import date_near, find_dates, resolve_date

__all__ = ["EventExtractor", "make_event_extractor", "sentence_events", "resolve_date", "find_dates", "date_near"]

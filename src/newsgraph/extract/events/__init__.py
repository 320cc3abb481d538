"""PLOVER events: the `newsgraph_events` spaCy component and the pieces it is made of.

triggers (pattern matching on the parse) -> arguments (actors, recipients) -> status -> dates;
the patterns and word lists are data in resources/events/.
"""
from newsgraph.extract.events.component import EventExtractor, make_event_extractor, sentence_events
from newsgraph.extract.events.dates import date_near, find_dates, resolve_date

__all__ = ["EventExtractor", "make_event_extractor", "sentence_events", "resolve_date", "find_dates", "date_near"]

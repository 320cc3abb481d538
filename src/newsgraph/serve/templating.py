"""The Jinja environment of the HTML pages."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

DICT_ATTRIBUTES = frozenset(dir(dict))


class PlainDictEnvironment(jinja2.Environment):
    """`row.label` on a dict reads `row["label"]` first. Jinja's own order (the Python attribute,
    then the item) is the same answer for every name that is not an attribute of dict (`items`,
    `get`, ...), but each miss raises and catches an AttributeError: a sixth of a search page's
    CPU went there, as the pages read their rows as dicts."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def page_environment(directory: Path) -> jinja2.Environment:
    environment = PlainDictEnvironment(loader=jinja2.FileSystemLoader(directory), autoescape=jinja2.select_autoescape())
    environment.filters["path_part"] = path_part
    return environment


def path_part(value: Any) -> str:
    """An id as one URL path segment: article ids are the input's own ("2024/03/story?id=7#top")."""
    return quote(str(value), safe=":@")

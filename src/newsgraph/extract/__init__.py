"""Extractors: spaCy components that fill `Doc._.entities`, `Doc._.quotes` and `Doc._.events`."""

"""Resolve: what many articles share. Canonical actors across articles (`actors`), near-duplicate
copies and story clusters (`stories`), and the key that makes one quote of many outlets one quote
(`quotes`). Pure functions and in-memory indexes; the store persists what they return."""

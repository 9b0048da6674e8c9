"""Parsing helpers shared by the readers (core and plugins): no database, no state.

The one safe XML parser (:mod:`.xmlsafe`) and its navigation helpers (:mod:`.xmlnav`);
words on pages and proposed fields (:mod:`.text`); amounts, dates and rates as printed
(:mod:`.values`); the flat field set of ``guichet extract --json`` (:mod:`.fields`).

Imports the model room only.
"""

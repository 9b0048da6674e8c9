"""The document pipeline: from intake to archive.

The one door for files (:mod:`.intake`), the stage list (:mod:`.pipeline`) and the state
machine's writes (:mod:`.transitions`); reading a file (:mod:`.reading`) or paper
(:mod:`.extraction`, with :mod:`.supplier_memory`); controls (:mod:`.controls`); the
seal and archive stages (:mod:`.archive_stages`); people's decisions on documents
(:mod:`.review`, :mod:`.claims`).

Imports the model, parsing, storage and access rooms.
"""

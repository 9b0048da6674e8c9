"""The document pipeline: from intake to archive, and what follows it.

The one door for files (:mod:`.intake`); stages as plugins declare them and their order
(:mod:`.stages`), running them (:mod:`.pipeline`) and the follow-ups after the archive
(:mod:`.followups`); the state machine's one write (:mod:`.transitions`). The core's own
stages are plugin modules here: reading a file (:mod:`.reading`), paper
(:mod:`.extraction`, with :mod:`.supplier_memory`), controls (:mod:`.checking`, with the
catalogue in :mod:`.controls`), seal and archive (:mod:`.archive_stages`). Splitting a
batch (:mod:`.splitting`). Every decision a person takes on a document
(:mod:`.decisions`, with the coding claims of :mod:`.claims`).

Imports the model, parsing, storage and access rooms, never the ops room above it: what
the pipeline queues goes through ``rt.enqueue`` (the runtime's queue), not an import.
No import circle here or with another room (tests/test_packaging.py).
"""

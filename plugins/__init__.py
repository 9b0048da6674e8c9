"""Built-in pipeline stages: formats, extraction, controls, rendering, sealing, archive.

Each module is a plugin registered through the ``guichet`` entry-point group.
"""

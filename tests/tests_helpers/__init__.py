"""Plugin modules loaded by tests in worker subprocesses (``GUICHET_PLUGINS_EXTRA``)."""

"""Settings of a throw-away instance for the benchmarks (memory queue, the folder itself as an allowed root)."""

from __future__ import annotations

import os


def settings_with_root(folder: str):
    """Settings of an instance inside ``folder``, whose connectors may use ``folder/cabinet``."""
    from guichet.core.settings import load_settings

    return load_settings(os.path.join(folder, "instance"), queue={"backend": "memory"},
                         connectors={"allowed_roots": [folder]})

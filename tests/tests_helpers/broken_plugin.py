"""A plugin whose import fails, as a third-party package with a missing dependency would."""

from __future__ import annotations

import guichet_dependency_that_does_not_exist  # noqa: F401

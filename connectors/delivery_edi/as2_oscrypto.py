"""pyas2lib's crypto backend, oscrypto 1.3.0, made to load on OpenSSL 3.0.10 and later.

pyas2lib (the AS2 library of the EDI channel) signs and encrypts through oscrypto. The last
oscrypto release on PyPI (1.3.0, 2022) reads the OpenSSL version with the pattern
``\\d\\.\\d\\.\\d``, which does not match "3.0.19" (two-digit patch number): importing it
fails with "Error detecting the version of libcrypto" on every current Debian. The fix is
upstream (wbond/oscrypto#78, pattern ``\\d+\\.\\d+\\.\\d+``) but unreleased.

:func:`ensure` loads oscrypto's two version-detecting modules (ctypes and cffi flavours)
from their own source with that one pattern corrected, before anything imports them. When
the installed oscrypto already has the fix (a later release) nothing is patched. Written by
hand because no maintained release exists; remove once oscrypto > 1.3.0 is on PyPI.
"""

from __future__ import annotations

import importlib.util
import sys
import threading

_OLD = "'\\\\b(\\\\d\\\\.\\\\d\\\\.\\\\d[a-z]*)\\\\b'"
_NEW = "'\\\\b(\\\\d+\\\\.\\\\d+\\\\.\\\\d+[a-z]*)\\\\b'"
_MODULES = ("oscrypto._openssl._libcrypto_ctypes", "oscrypto._openssl._libcrypto_cffi")
_lock = threading.Lock()
_done = False


def _load_fixed(name: str) -> None:
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None or spec.loader is None:
        return
    with open(spec.origin, encoding="utf-8") as handle:
        source = handle.read()
    if _OLD not in source:  # a fixed release: import as is
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        exec(compile(source.replace(_OLD, _NEW), spec.origin, "exec"), module.__dict__)  # noqa: S102 - oscrypto's own source
    except BaseException:
        del sys.modules[name]
        raise


def ensure() -> None:
    """Make ``import oscrypto...`` work on this OpenSSL (idempotent, thread-safe)."""
    global _done  # noqa: PLW0603 - once per process
    if _done:
        return
    with _lock:
        if _done:
            return
        import oscrypto

        # Only the flavour oscrypto will use is loaded (the other may lack its FFI package).
        _load_fixed(_MODULES[1] if oscrypto.ffi() == "cffi" else _MODULES[0])
        _done = True

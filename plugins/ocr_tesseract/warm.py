"""Tesseract's default models loaded once in the forkserver of limited children.

Imported only by the forkserver (``preload`` in :mod:`guichet.plugins.ocr_tesseract`, its package): every
OCR child forked from it then starts with the models in memory (shared copy-on-write)
instead of loading them again, about 0.2 s of each call. Nothing else imports it.
"""

from __future__ import annotations

from guichet.plugins import ocr_tesseract

ocr_tesseract.warm()

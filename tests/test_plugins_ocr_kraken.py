"""The optional kraken engine stays off unless a model file is configured (and kraken installed)."""

from __future__ import annotations

import logging

from guichet.core.plugins import make_plugin_manager
from guichet.core.settings import load_settings
from guichet.plugins import ocr_kraken


def test_off_without_a_model(tmp_path):
    settings = load_settings(tmp_path)
    assert settings.get("ocr.kraken_model") == ""
    assert ocr_kraken.model_path(settings) is None
    assert ocr_kraken.extract_words(data=b"\x89PNG\r\n\x1a\n", fmt="image", settings=settings, hook=None) is None


def test_a_missing_model_file_keeps_it_off(tmp_path, caplog):
    settings = load_settings(tmp_path, ocr={"kraken_model": str(tmp_path / "absent.mlmodel")})
    with caplog.at_level(logging.WARNING):
        assert ocr_kraken.model_path(settings) is None
    assert "not found" in caplog.text


def test_configured_but_not_installed_falls_back_to_tesseract(tmp_path, caplog):
    import importlib.util

    model = tmp_path / "fr.mlmodel"
    model.write_bytes(b"not a model")
    settings = load_settings(tmp_path, ocr={"kraken_model": str(model)})
    from PIL import Image

    image = tmp_path / "page.png"
    Image.new("L", (200, 100), 255).save(image)
    with caplog.at_level(logging.WARNING):
        result = ocr_kraken.extract_words(data=image.read_bytes(), fmt="image", settings=settings,
                                          hook=make_plugin_manager().hook)
    assert result is None  # Tesseract (trylast) reads the page instead
    if importlib.util.find_spec("kraken") is None:
        assert "not installed" in caplog.text

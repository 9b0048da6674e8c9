"""Default configuration shipped as package data (``defaults.toml``)."""

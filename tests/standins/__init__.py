"""Local stand-ins of remote registries (INSEE Sirene API, VIES), on loopback, ephemeral ports."""

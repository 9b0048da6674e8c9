"""Everything that talks to the outside world: mail, scanners, portals, registries, banks."""

"""Plugin: web pages to configure the intake connectors of each company and see their status.

Mounted by the web app under ``/plugins/connectors_admin/`` (``register_blueprints``;
core requires a logged-in user). A person configures the connectors of the
companies they manage; connectors that reach the host (folders, USB mounts, IMAP or
HTTP hosts, SFTP accounts: ``core/access/host_paths.py``) are configured, run and answered by
firm staff only, a client who manages the company sees their status and nothing else;
instance-wide configurations (a catch-all mailbox) are for firm administrators only. Status,
last run, last error and the question of a waiting connector are shown; a 2FA
code is answered here. USB scanners plugged into the appliance are listed.

The views (Flask) live in :mod:`.views`, imported only when the web app asks for the
blueprint: loading the plugins (every ``guichet`` command) stays light.
"""

from __future__ import annotations

from typing import Any

from guichet.core import hookimpl


@hookimpl
def register_blueprints() -> list[tuple[str, Any]]:
    """The connector administration pages."""
    from guichet.connectors.admin_pages.views import make_blueprint

    return [("connectors_admin", make_blueprint())]

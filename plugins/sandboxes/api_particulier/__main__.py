"""``python -m plugins.sandboxes.api_particulier [--port 5101] [--filter-scopes]``, or
``python -m plugins.sandboxes.api_particulier token --scopes a,b [--expires-in SECONDS]``."""

from __future__ import annotations

import sys
import time

from plugins.sandboxes import cli
from plugins.sandboxes.api_particulier import DEMO_TOKEN, create_app, mint
from plugins.sandboxes.api_particulier.endpoints import ALL_SCOPES


def main(argv: list[str]) -> int:
    """Serve the sandbox, or print a token."""
    if argv[:1] == ["token"]:
        args = cli.parser("Mint a sandbox API Particulier token.", 0)
        args.add_argument("--scopes", default=",".join(ALL_SCOPES))
        args.add_argument("--expires-in", type=int, default=18 * 30 * 86400)
        options = args.parse_args(argv[1:])
        scopes = [s.strip() for s in options.scopes.split(",") if s.strip()]
        sys.stdout.write(mint(scopes, expires_at=int(time.time()) + options.expires_in) + "\n")
        return 0
    args = cli.parser("API Particulier sandbox (v2 and v3+).", 5101)
    args.add_argument(
        "--filter-scopes", action="store_true", help="filter fields by scope, as in production"
    )
    options = args.parse_args(argv)
    banner = (
        "Bac à sable API Particulier — cas de test officiels du staging.\n"
        f"  Jeton de démonstration (tous les droits) : {DEMO_TOKEN}"
    )
    cli.serve(create_app(filter_scopes=options.filter_scopes), options.host, options.port, banner)
    return 0


if __name__ == "__main__":
    cli.run(main)

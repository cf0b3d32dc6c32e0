"""``python -m plugins.sandboxes.impot_particulier [--port 5102]``."""

from __future__ import annotations

from plugins.sandboxes import cli
from plugins.sandboxes.impot_particulier import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, create_app


def main(argv: list[str]) -> int:
    """Serve the sandbox."""
    options = cli.parser("API Impôt particulier (DGFiP) sandbox.", 5102).parse_args(argv)
    banner = (
        "Bac à sable API Impôt particulier (DGFiP).\n"
        f"  client_id : {DEMO_CLIENT_ID}\n  client_secret : {DEMO_CLIENT_SECRET}\n"
        "  Numéros fiscaux de test : voir plugins/sandboxes/impot_particulier/data/"
    )
    cli.serve(create_app(), options.host, options.port, banner)
    return 0


if __name__ == "__main__":
    cli.run(main)

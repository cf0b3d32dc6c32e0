"""``python -m plugins.sandboxes.demo [--port 5103]``."""

from __future__ import annotations

from plugins.sandboxes import cli
from plugins.sandboxes.demo import DEMO_API_KEY, ESTABLISHMENTS, create_app


def main(argv: list[str]) -> int:
    """Serve the sandbox."""
    options = cli.parser("Demo school directory.", 5103).parse_args(argv)
    banner = (
        f"Annuaire de démonstration — clé d'API : {DEMO_API_KEY}\n"
        f"  Codes UAI connus : {', '.join(ESTABLISHMENTS)}"
    )
    cli.serve(create_app(), options.host, options.port, banner)
    return 0


if __name__ == "__main__":
    cli.run(main)

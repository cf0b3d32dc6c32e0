"""The demo data files under ``seed/`` (demo only), read as plain JSON: no database, no app.

``seed/demo.json`` (collectivités and accounts), ``seed/schemes/<collectivité>/<dispositif>.json``
(scheme bundles) and ``seed/demo-identities.json`` (the staging identities to type in the demo
schemes, with the decision each yields).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SEED_DIR = Path(__file__).resolve().parents[2] / "seed"
SCHEMES_DIR = SEED_DIR / "schemes"
IDENTITIES_FILE = SEED_DIR / "demo-identities.json"


def demo_spec(path: Path | None = None) -> dict[str, Any]:
    """``seed/demo.json``: the demo collectivités, their administrators, the operator."""
    return json.loads((path or SEED_DIR / "demo.json").read_text(encoding="utf-8"))


def demo_bundles(directory: Path | None = None) -> list[tuple[str, dict[str, Any]]]:
    """``(collectivité slug, bundle)`` of every demo scheme, in a stable order."""
    root = directory or SCHEMES_DIR
    return [
        (path.parent.name, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(root.glob("*/*.json"))
    ]


def demo_identities(path: Path | None = None) -> list[dict[str, Any]]:
    """The demo schemes' staging identities: ``[{tenant, scheme, identities: [...]}, ...]``.

    Each identity has an ``id``, a French ``label``, ``origin`` and ``note``, the complete form
    ``answers`` and the ``expected`` decision (``state``: an application state value, ``amount``:
    a decimal text or ``None``).
    """
    data = json.loads((path or IDENTITIES_FILE).read_text(encoding="utf-8"))
    return list(data["schemes"])

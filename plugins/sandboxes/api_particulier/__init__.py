"""API Particulier sandbox: the official staging test cases (``payloads/``, see ``ORIGIN.md``)
served with staging's matching rules, token and scope checks, ``recipient`` validation, rate-limit
headers and 429s, in-flight 409s, fake FranceConnect tokens, and fault injection."""

from plugins.sandboxes.api_particulier.server import ParticulierState, create_app
from plugins.sandboxes.api_particulier.tokens import DEMO_TOKEN, mint

__all__ = ["DEMO_TOKEN", "ParticulierState", "create_app", "mint"]

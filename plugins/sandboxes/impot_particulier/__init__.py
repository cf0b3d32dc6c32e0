"""API Impôt particulier (DGFiP) sandbox: ``POST /token`` (client credentials) and
``GET /impotparticulier/1.0/spi/{spi}/situations/ir/assiettes/annrev/{annrev}``, with the DGFiP
sandbox identities (see ``data/ORIGIN.md``)."""

from plugins.sandboxes.impot_particulier.server import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    ImpotState,
    create_app,
)

__all__ = ["DEMO_CLIENT_ID", "DEMO_CLIENT_SECRET", "ImpotState", "create_app"]

"""The demonstration page (``/demo``): the demo schemes and the official staging identities to type
in them, with the decision each yields. Shown only when the demo collectivités exist."""

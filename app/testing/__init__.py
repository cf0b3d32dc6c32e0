"""Test support exported as a pytest plugin (fixtures ``app``, ``client``, ``create_*``)."""

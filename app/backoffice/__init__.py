"""Staff back office: the collectivité's dashboard and navigation; orchestrates, owns no models."""

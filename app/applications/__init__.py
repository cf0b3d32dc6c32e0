"""Applications (demandes): drafts, the submission pipeline, decisions, receipts, status links."""

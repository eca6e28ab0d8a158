"""A run directory as one handle: its ledger, its pools' specs and what is computed from them, once."""

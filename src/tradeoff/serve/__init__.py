"""Serving: any backend as a local OpenAI-compatible endpoint."""

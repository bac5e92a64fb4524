"""Verify Better Auth access tokens in FastAPI."""

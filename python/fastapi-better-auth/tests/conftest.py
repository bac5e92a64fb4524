from __future__ import annotations

pytest_plugins = ["fastapi_better_auth.testing"]

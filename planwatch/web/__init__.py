"""The web dashboard and JSON API (`planwatch serve`): `create_app(db_url, token=None)`."""

from planwatch.web.app import create_app

__all__ = ["create_app"]

"""Web app: the JSON API of `frontwire serve` and its page."""

from frontwire.web.app import create_app

__all__ = ["create_app"]

"""The demo province: each app's loader, run by ``cchc demo``."""

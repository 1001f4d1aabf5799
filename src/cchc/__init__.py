"""CCHC: administrative reform (cải cách hành chính) for a Vietnamese province."""

__version__ = "0.1.0"

"""Demo data of the apps above ``periodic``, loaded by ``cchc demo``."""

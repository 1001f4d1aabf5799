from cchc.dossiers.tests.conftest import calendar, procs  # noqa: F401 - shared fixtures

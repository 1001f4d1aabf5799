pytest_plugins = ["cchc.testing.fixtures"]

"""Reading settings from the environment: every setting the portal takes from it goes through here.

``.env.example`` lists each name read with these helpers (a test keeps the two in step).
"""

import os

TRUE = ("1", "true", "yes", "on")


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_int(name, default):
    return int(os.environ.get(name, default))


def env_bool(name, default):
    """True for 1, true, yes or on (any case); anything else is False."""
    return os.environ.get(name, str(default)).lower() in TRUE


def env_list(name, default=""):
    """A comma-separated value as a list, without empty items."""
    return [item for item in os.environ.get(name, default).split(",") if item]

"""Use cases of the rating vote (being split into one module per sub-use-case)."""

from osgo_desktop.services.voting.session import *  # noqa: F403

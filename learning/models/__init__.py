"""The learning app's models, one module per part: toolkit, events, lessons, network partners."""

from .lessons import Lesson  # noqa: F401

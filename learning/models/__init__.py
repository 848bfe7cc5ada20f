"""The learning app's models, one module per part: toolkit, events, lessons, network partners."""

from .lessons import Lesson  # noqa: F401
from .toolkit import ToolkitError, ToolkitItem, ToolkitLocked, ToolkitVersion  # noqa: F401

"""The learning app's models, one module per part: toolkit, events, lessons, network partners."""

from .agenda import AgendaItem, WhatWeHeard, WhatWeHeardSent  # noqa: F401
from .consultation import ConsultationComment  # noqa: F401
from .events import CalendarFeed, Event, EventFeedback, EventMaterial, Registration  # noqa: F401
from .exchange import (  # noqa: F401
    ExchangeAnswer,
    ExchangeDigestSent,
    ExchangeFollow,
    ExchangeQuestion,
    ExchangeReport,
)
from .lessons import Lesson  # noqa: F401
from .pages import NetworkPage  # noqa: F401
from .panels import Panel, PanelMember, PanelReview  # noqa: F401
from .toolkit import ToolkitError, ToolkitItem, ToolkitLocked, ToolkitVersion  # noqa: F401

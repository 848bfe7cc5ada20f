"""The feedback app's models, one module per part: pulse survey, concerns, regional feedback,
"you said, we did" and the quality plan."""

from .concerns import Concern, ConcernDigestSent, ConcernEntry  # noqa: F401
from .pulse import PulseInvitation, PulseResponse, PulseSurvey  # noqa: F401
from .quality import Indicator, QualityTarget  # noqa: F401
from .regional import RegionalFeedback, RegionalVanguardRating  # noqa: F401
from .yousaid import YouSaidWeDid  # noqa: F401

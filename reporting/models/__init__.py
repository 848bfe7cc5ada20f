from .counterfactual import Area, ComparatorLink, Indicator, IndicatorValue  # noqa: F401
from .logic import LogicComment, LogicItem, LogicModelVersion  # noqa: F401
from .reminders import ReturnReminder  # noqa: F401
from .reports import QuarterlyReport  # noqa: F401
from .returns import QuarterlyReturn, ReturnPeriod, StrandReturn  # noqa: F401
from .snapshots import QuarterlySnapshot, SnapshotBuild  # noqa: F401
from .strands import DeliveryStrand, FundingRule  # noqa: F401

from .reports import QuarterlyReport  # noqa: F401
from .returns import QuarterlyReturn, ReturnPeriod, StrandReturn  # noqa: F401
from .snapshots import QuarterlySnapshot, SnapshotBuild  # noqa: F401
from .strands import DeliveryStrand, FundingRule  # noqa: F401

from .urls_assessments import urlpatterns as assessment_patterns
from .urls_results import urlpatterns as result_patterns

app_name = "maturity"

urlpatterns = assessment_patterns + result_patterns

from preventplan.engagement.registers import ENGAGEMENTS, NETWORKS
from preventplan.records.views import url_patterns

app_name = "engagement"
urlpatterns = [
    *url_patterns(ENGAGEMENTS),
    *url_patterns(NETWORKS),
]

from preventplan.records.views import url_patterns
from preventplan.registers.registers import GRIEVANCES

app_name = "registers"
urlpatterns = [
    *url_patterns(GRIEVANCES),
]

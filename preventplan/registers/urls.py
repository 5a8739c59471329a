from preventplan.records.views import url_patterns
from preventplan.registers.registers import DIP_SAMPLES, GRIEVANCES, LEARNING

app_name = "registers"
urlpatterns = [
    *url_patterns(GRIEVANCES),
    *url_patterns(LEARNING),
    *url_patterns(DIP_SAMPLES),
]

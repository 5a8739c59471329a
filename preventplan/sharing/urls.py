from preventplan.records.views import url_patterns
from preventplan.sharing.registers import PROTOCOLS

app_name = "sharing"
urlpatterns = url_patterns(PROTOCOLS)

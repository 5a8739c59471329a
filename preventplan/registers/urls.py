from django.urls import path

from preventplan.records.views import url_patterns
from preventplan.registers import views
from preventplan.registers.registers import (
    CONSEQUENCE_PLANS,
    DIP_SAMPLES,
    GRIEVANCES,
    LEARNING,
    POWERS_RETURNS,
)

app_name = "registers"
urlpatterns = [
    *url_patterns(GRIEVANCES),
    *url_patterns(LEARNING),
    *url_patterns(DIP_SAMPLES),
    *url_patterns(POWERS_RETURNS),
    *url_patterns(
        CONSEQUENCE_PLANS,
        path(
            "consequence-plans/<id:pk>/log",
            views.information_log,
            name="consequence-plan-log",
        ),
    ),
]

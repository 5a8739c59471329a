from django.urls import path

from preventplan.records.views import url_patterns
from preventplan.sharing import views
from preventplan.sharing.registers import PROTOCOLS

app_name = "sharing"
urlpatterns = [
    *url_patterns(PROTOCOLS),
    path("plans/<id:pk>/share", views.plan_share, name="plan-share"),
]

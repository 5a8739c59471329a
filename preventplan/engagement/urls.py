from django.urls import path

from preventplan.engagement import views
from preventplan.engagement.registers import REGISTERS
from preventplan.records.views import url_patterns

app_name = "engagement"
urlpatterns = [
    *(p for spec in REGISTERS for p in url_patterns(spec)),
    path("engagement/education", views.education, name="education"),
]

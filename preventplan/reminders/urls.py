from django.urls import path

from preventplan.reminders import views

app_name = "reminders"
urlpatterns = [
    path("account/reminders", views.preferences, name="preferences"),
    path("account/calendar", views.calendar_manage, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]

from django.urls import path

from publishing import opendata_views

app_name = "opendata"
urlpatterns = [
    path("feed.atom", opendata_views.feed, name="feed"),
    path("meetings/<int:pk>.json", opendata_views.meeting, name="meeting"),
    path("<slug:slug>.json", opendata_views.body, name="body"),
]

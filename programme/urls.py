from django.urls import path

from programme import views

app_name = "programme"
urlpatterns = [
    path("", views.programme_index, name="index"),
    path("upcoming/", views.upcoming, name="upcoming"),
    path("calendar/reset/", views.reset_token, name="reset_token"),
    path("feed/<str:token>/<slug:slug>.ics", views.feed, name="feed"),
    path("meeting/<int:pk>/cancel/", views.cancel_meeting, name="cancel_meeting"),
    path("meeting/<int:pk>/delete/", views.delete_meeting, name="delete_meeting"),
    path("<slug:slug>/<int:year>/", views.programme_detail, name="detail"),
    path("<slug:slug>/<int:year>/edit/", views.programme_edit, name="edit"),
]

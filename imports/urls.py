from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("correct/", views.correct, name="correct"),
    path("confirm/", views.confirm, name="confirm"),
    path("batch/<str:token>/", views.batch, name="batch"),
    path("batch/<str:token>/progress/", views.progress, name="progress"),
    path("file/<int:index>/", views.one_file, name="file"),
    path("lines/<int:index>/", views.lines, name="lines"),
]

from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("correct/", views.correct, name="correct"),
    path("confirm/", views.confirm, name="confirm"),
    path("step/", views.step, name="step"),
    path("lines/<int:index>/", views.lines, name="lines"),
]

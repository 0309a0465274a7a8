from django.urls import path

from themes import views

app_name = "themes"
urlpatterns = [
    path("tag/", views.tag, name="tag"),
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/new/", views.edit, name="create"),
    path("<slug:slug>/suggestions/", views.suggestions, name="suggestions"),
    path("<slug:slug>/report/<int:year>/", views.report, name="report"),
    path("<slug:slug>/report/<int:year>.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/<int:pk>/", views.detail, name="detail"),
    path("<slug:slug>/<int:pk>/edit/", views.edit, name="edit"),
    path("<slug:slug>/<int:pk>.csv", views.theme_csv, name="csv"),
]

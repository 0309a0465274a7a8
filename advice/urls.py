from django.urls import path

from advice import views
from publishing.editions import Edition

app_name = "advice"
urlpatterns = [
    path("", views.index, name="index"),
    path("raise/", views.raise_advice, name="raise"),
    path("to-answer/", views.to_answer, name="to_answer"),
    path("meeting/<int:pk>/", views.meeting_advice, name="meeting"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
    path("body/<slug:slug>/", views.ledger, name="ledger"),
    path("body/<slug:slug>/ledger.csv", views.ledger_csv, name="ledger_csv"),
]
for edition in Edition:
    urlpatterns += [
        path(
            f"body/<slug:slug>/<int:year>/{edition}/",
            views.report,
            {"edition": edition},
            name=f"{edition}_report",
        ),
        path(
            f"body/<slug:slug>/<int:year>/{edition}.pdf",
            views.report_pdf,
            {"edition": edition},
            name=f"{edition}_report_pdf",
        ),
    ]

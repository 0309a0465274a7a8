from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("archive/", views.archive, name="archive"),
    path("<int:pk>/circulate/", views.circulate, name="circulate"),
    path("<int:pk>/recirculate/", views.recirculate, name="recirculate"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/suggest/", views.suggest, name="suggest"),
    path(
        "<int:pk>/corrections/<int:correction_pk>/accept/",
        views.accept_correction,
        name="accept_correction",
    ),
    path(
        "<int:pk>/corrections/<int:correction_pk>/answer/",
        views.answer_correction,
        name="answer_correction",
    ),
    path("<int:pk>/reviews/", views.dashboard, name="dashboard"),
    path("<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/amend/", views.amend, name="amend"),
    path("<int:pk>/history/", views.history, name="history"),
]

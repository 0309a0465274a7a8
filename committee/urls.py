from django.urls import path

from committee import views

app_name = "committee"
urlpatterns = [
    path("<slug:slug>/decisions/", views.decisions, name="decisions"),
    path("<slug:slug>/decisions.csv", views.decisions_csv, name="decisions_csv"),
    path("<slug:slug>/decisions/public/", views.public_decisions, name="public_decisions"),
    path(
        "<slug:slug>/decisions/public.csv", views.public_decisions_csv, name="public_decisions_csv"
    ),
    path("<slug:slug>/declarations/", views.declarations, name="declarations"),
    path("person/<int:pk>/declarations/", views.person_declarations, name="person_declarations"),
    path("meeting/<int:pk>/declarations/add/", views.add_declaration, name="add_declaration"),
    path("declarations/<int:pk>/delete/", views.delete_declaration, name="delete_declaration"),
]

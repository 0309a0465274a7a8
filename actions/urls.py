from django.urls import path

from actions import views

app_name = "actions"
urlpatterns = [
    path("", views.register, name="register"),
    path("register.csv", views.register_csv, name="register_csv"),
    path("exports/<str:token>/", views.export, name="export"),
    path("exports/<str:token>/file/", views.export_file, name="export_file"),
    path("mine/", views.mine, name="mine"),
    path("meeting/<int:pk>/", views.matters_arising, name="matters_arising"),
    path("meeting/<int:pk>/add/", views.add, name="add"),
    path("<int:pk>/note/", views.add_note, name="note"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
]

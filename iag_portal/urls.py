from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from iag_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("preferences/emails/", views.email_preference, name="email_preference"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("meetings/", include("meetings.urls")),
    path("actions/", include("actions.urls")),
    path("programme/", include("programme.urls")),
    path("minutes/", include("publishing.urls")),
    path("import/", include("imports.urls")),
    path("review/", include("reviews.urls")),
    path("admin/", admin.site.urls),
]

from allauth.account import views as account_views
from django.contrib import admin
from django.urls import include, path

from iag_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("preferences/emails/", views.email_preference, name="email_preference"),
    # Sign-in, MFA, password reset and sessions are django-allauth's ("account_login"...);
    # "login" and "logout" are the names the rest of the portal has always used.
    path("login/", account_views.login, name="login"),
    path("logout/", account_views.logout, name="logout"),
    path("", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("meetings/", include("meetings.urls")),
    path("actions/", include("actions.urls")),
    path("programme/", include("programme.urls")),
    path("minutes/", include("publishing.urls")),
    path("import/", include("imports.urls")),
    path("review/", include("reviews.urls")),
    path("advice/", include("advice.urls")),
    path("search/", include("search.urls")),
    path("themes/", include("themes.urls")),
    path("open-data/", include("publishing.opendata_urls")),
    path("committee/", include("committee.urls")),
    path("admin/", admin.site.urls),
]

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.bodies, name="bodies"),
    path("<int:body_pk>/people/", views.people, name="people"),
    path("<int:body_pk>/invite/", views.invite, name="invite"),
    path("<int:body_pk>/audit/", views.audit_trail, name="audit"),
    path("<int:body_pk>/policy/", views.policy, name="policy"),
    path("<int:body_pk>/lockouts/<int:user_pk>/lift/", views.lift_lockout, name="lift_lockout"),
    path("invitations/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("memberships/<int:pk>/role/", views.change_role, name="change_role"),
    path("memberships/<int:pk>/end/", views.end_membership, name="end_membership"),
    path("invitation/<str:token>/", views.accept, name="accept"),
    path("sessions/<int:pk>/end/", views.end_session, name="end_session"),
]

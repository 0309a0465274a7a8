"""Each user sees where they are signed in and can end a session."""

from django.test import Client

from accounts.models import AuditEvent, AuditKind

from .conftest import sign_in_with_password, signed_in_user


def two_sessions(member):
    phone, laptop = (
        Client(HTTP_USER_AGENT="Phone browser"),
        Client(HTTP_USER_AGENT="Laptop browser"),
    )
    sign_in_with_password(phone, "member")
    sign_in_with_password(laptop, "member")
    return phone, laptop


def test_the_list_shows_each_signed_in_device(member):
    phone, _laptop = two_sessions(member)
    page = phone.get("/sessions/")
    assert page.status_code == 200
    assert "Phone browser" in page.text and "Laptop browser" in page.text
    assert page.text.count("This device") == 1


def test_ending_a_session_signs_that_device_out(member):
    from allauth.usersessions.models import UserSession

    phone, laptop = two_sessions(member)
    laptop_session = UserSession.objects.get(user=member, user_agent="Laptop browser")
    response = phone.post(f"/accounts/sessions/{laptop_session.pk}/end/")
    assert response.status_code == 302
    assert signed_in_user(phone) == member
    assert not signed_in_user(laptop).is_authenticated
    assert laptop.get("/meetings/").status_code == 302
    assert AuditEvent.objects.filter(kind=AuditKind.SESSION_ENDED, actor=member).exists()


def test_nobody_ends_another_users_session(member, users):
    from allauth.usersessions.models import UserSession

    phone, _laptop = two_sessions(member)
    guest = Client()
    sign_in_with_password(guest, "guest")
    session = UserSession.objects.filter(user=member).first()
    assert guest.post(f"/accounts/sessions/{session.pk}/end/").status_code == 404
    assert signed_in_user(phone) == member

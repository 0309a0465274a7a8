from allauth.mfa.models import Authenticator
from allauth.usersessions.internal.flows.sessions import end_sessions
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access, audit, lockouts, services
from accounts.forms import AcceptForm, InviteForm, PolicyForm, RoleForm
from accounts.models import AuditEvent, AuditKind, BodyPolicy, Invitation
from accounts.policy import SECOND_FACTORS
from members import permissions
from members.models import Body, Membership
from members.permissions import Perm

AUDIT_PAGE_SIZE = 50


@require_GET
def bodies(request):
    """The bodies whose people this officer manages."""
    ids = permissions.bodies_where(request.user, Perm.MANAGE_MEMBERS)
    managed = Body.objects.all() if ids is None else Body.objects.filter(pk__in=ids)
    if not managed.exists():
        raise PermissionDenied
    if managed.count() == 1:
        return redirect("accounts:people", managed.get().pk)
    return render(request, "accounts/bodies.html", {"bodies": managed})


@require_GET
def people(request, body_pk: int):
    body = access.managed_body(request.user, body_pk)
    memberships = list(
        Membership.objects.current()
        .filter(body=body)
        .select_related("person__user")
        .prefetch_related("person__user__emailaddress_set")
        .order_by("person__name")
    )
    user_ids = [m.person.user_id for m in memberships if m.person.user_id]
    with_mfa = set(
        Authenticator.objects.filter(user_id__in=user_ids, type__in=SECOND_FACTORS).values_list(
            "user_id", flat=True
        )
    )
    locked = lockouts.lockouts_of(request, [m.person.user for m in memberships if m.person.user])
    rows = [
        {
            "membership": m,
            "user": m.person.user,
            "has_mfa": m.person.user_id in with_mfa,
            "lockout": locked.get(m.person.user_id),
        }
        for m in memberships
    ]
    return render(
        request,
        "accounts/people.html",
        {
            "body": body,
            "rows": rows,
            "invitations": Invitation.objects.filter(body=body).select_related("invited_by")[:50],
            "role_form": RoleForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def invite(request, body_pk: int):
    body = access.managed_body(request.user, body_pk)
    form = InviteForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite(
            body=body, by=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, f"Invitation sent to {invitation.email}.")
        return redirect("accounts:people", body.pk)
    return render(request, "accounts/invite.html", {"body": body, "form": form})


@require_POST
def withdraw(request, pk: int):
    invitation = access.managed_invitation(request.user, pk)
    try:
        services.withdraw(invitation=invitation, by=request.user, request=request)
    except services.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("accounts:people", invitation.body_id)


@require_POST
def change_role(request, pk: int):
    membership = access.managed_membership(request.user, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        services.change_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user, request=request
        )
        messages.success(request, f"{membership.person.name}'s role is changed.")
    else:
        messages.error(request, "Choose one of the roles offered.")
    return redirect("accounts:people", membership.body_id)


@require_POST
def end_membership(request, pk: int):
    membership = access.managed_membership(request.user, pk)
    try:
        services.end_membership(membership=membership, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{membership.person.name} is no longer a member.")
    return redirect("accounts:people", membership.body_id)


@require_POST
def lift_lockout(request, body_pk: int, user_pk: int):
    body = access.managed_body(request.user, body_pk)
    member = get_object_or_404(
        get_user_model(),
        pk=user_pk,
        person__memberships__in=Membership.objects.current().filter(body=body),
    )
    lockouts.lift(request, member)
    audit.record(
        AuditKind.LOCKOUT_LIFTED,
        request=request,
        subject=member,
        body=body,
        detail=f"Lockout of {member.get_username()} lifted",
    )
    messages.success(request, f"{member.get_username()} can sign in again.")
    return redirect("accounts:people", body.pk)


@require_GET
def audit_trail(request, body_pk: int):
    body = access.managed_body(request.user, body_pk)
    events = AuditEvent.objects.for_body(body.pk).select_related("subject")
    kind = request.GET.get("kind", "")
    if kind in AuditKind.values:
        events = events.filter(kind=kind)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit.html",
        {"body": body, "page": page, "kinds": AuditKind.choices, "kind": kind},
    )


@require_http_methods(["GET", "POST"])
def policy(request, body_pk: int):
    body = access.managed_body(request.user, body_pk)
    current, _created = BodyPolicy.objects.get_or_create(body=body)
    form = PolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"The policy of {body} is saved.")
        return redirect("accounts:people", body.pk)
    return render(request, "accounts/policy.html", {"body": body, "form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def accept(request, token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None or not invitation.is_pending:
        state = invitation.state if invitation else "not recognised"
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"state": state},
            status=410 if invitation else 404,
        )
    existing = services.existing_user_for(invitation)
    if existing is not None:
        # The person already has an account: they accept it signed in as themselves.
        if not request.user.is_authenticated:
            messages.info(request, "You already have an account: sign in to accept the invitation.")
            return redirect(f"{reverse('login')}?next={request.path}")
        if request.user != existing:
            raise PermissionDenied
        if request.method == "POST":
            try:
                services.accept(invitation=invitation, user=existing, request=request)
            except (services.InvitationError, ValidationError) as error:
                messages.error(request, str(error))
                return redirect("home")
            messages.success(request, f"You are now a member of {invitation.body}.")
            return redirect("home")
        return render(request, "accounts/accept.html", {"invitation": invitation, "form": None})
    form = AcceptForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept(
                invitation=invitation,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except services.InvitationError as error:
            messages.error(request, str(error))
            return redirect("login")
        except (ValidationError, IntegrityError):
            form.add_error(None, "These details clash with a current member: ask the officer.")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.body}.")
            return redirect("home")
    return render(request, "accounts/accept.html", {"invitation": invitation, "form": form})


@require_POST
def end_session(request, pk: int):
    """End one of the user's own sessions (a lost phone, a shared computer)."""
    session = get_object_or_404(UserSession, pk=pk, user=request.user)
    current = session.is_current()
    audit.record(
        AuditKind.SESSION_ENDED,
        request=request,
        detail=f"Session from {session.ip} ({session.user_agent[:100]})",
    )
    end_sessions(request, [session])
    if current:
        return redirect("login")
    messages.success(request, "That session is ended: the device is signed out.")
    return redirect("usersessions_list")

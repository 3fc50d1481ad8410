from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from desabinaan.regions.models import Region

from . import services, twofactor
from .forms import DeliveryFilterForm, NotificationPreferenceForm
from .scope import EVERYWHERE, as_actor, user_scope
from .selectors import (
    deliveries_for,
    notification_choices,
    token_of_user,
    tokens_of,
    two_factor_status,
)


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "Wrong username or password. Capital and small letters are different."
        ),
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """A partner's one-time invitation link: set a password, then log in. Django's reset token
    hashes the password and last login, so the link dies once used."""

    template_name = "accounts/invite_accept.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        messages.success(self.request, _("Your password is set. You can log in now."))
        return super().form_valid(form)


@login_required
def profile(request):
    scope = user_scope(request.user)
    regions = [] if scope is EVERYWHERE else Region.objects.filter(code__in=scope).order_by("code")
    context = {
        "scope_everywhere": scope is EVERYWHERE,
        "scope_regions": regions,
        "tokens": tokens_of(actor=as_actor(request.user)),
        "new_token": None,
        "two_factor": two_factor_status(request.user),
        "two_factor_required": twofactor.is_officer(request.user),
        "can_reset_two_factor": services.can_reset_two_factor(request.user),
        "notification_form": NotificationPreferenceForm(
            initial=notification_choices(actor=as_actor(request.user))
        ),
    }
    if request.method == "POST":
        issued = services.token_create(
            actor=as_actor(request.user), label=request.POST.get("label", "").strip()
        )
        context["new_token"] = issued.raw
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = token_of_user(actor=as_actor(request.user), pk=pk)
    if token is None:
        raise Http404
    services.token_revoke(token=token, actor=as_actor(request.user))
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")


@login_required
@require_POST
def notifications(request):
    """The profile's notification choices: an unticked box is a kind switched off."""
    form = NotificationPreferenceForm(request.POST)
    form.is_valid()  # tick boxes: every posted value is a valid yes or no
    services.notification_preferences_save(
        actor=as_actor(request.user), choices=dict(form.cleaned_data)
    )
    messages.success(request, _("Your notification choices are saved."))
    return redirect("accounts:profile")


DELIVERY_PAGE_SIZE = 50


@login_required
@require_GET
def deliveries(request):
    """The notification delivery log for the directorate: what left the system, to whom
    (masked), how often it was tried and why it failed."""
    actor = as_actor(request.user)
    deliveries_for(actor=actor)  # the role check first: a refused caller learns nothing more
    form = DeliveryFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    status = form.cleaned_data.get("status", "") if form.is_bound and valid else ""
    page = Paginator(deliveries_for(actor=actor, status=status), DELIVERY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/deliveries.html",
        {"form": form, "page": page, "status": status},
        status=200 if valid else 400,
    )

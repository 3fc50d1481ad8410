"""Pages of two-step verification: set up an authenticator, verify a code after the password,
recovery codes (shown once), a partner turning it off, and an administrator's reset."""

from base64 import b32encode
from io import BytesIO
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice

from . import services, twofactor
from .scope import as_actor
from .selectors import two_factor_status, user_by_username


def _too_many(seconds: int) -> str:
    return _("Too many wrong codes. Wait %(seconds)d seconds, then try again.") % {
        "seconds": seconds
    }


WRONG_CODE = gettext_lazy(
    "Wrong or expired code. Type the 6 digits now showing in your authenticator app, or one of "
    "your recovery codes."
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        error_messages={"required": gettext_lazy("Type the code to continue.")},
    )


class ResetForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)

    def clean_username(self):
        user = user_by_username(self.cleaned_data["username"].strip())
        if user is None:
            raise forms.ValidationError(
                _("There is no account with this username. Check the spelling.")
            )
        return user


def _next_url(request, default: str = "home:home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _may_set_up(request) -> bool:
    """A new authenticator may be set up by someone without one, or by a session that already
    passed the second factor (a new phone). Never by a password-only session of an account that
    has one: that would bypass it."""
    user = request.user
    return user.is_verified() or not user_has_device(user, confirmed=True)


def _verified(request, device) -> None:
    # A new session key for the more trusted session (no fixation across the second factor).
    request.session.cycle_key()
    otp_login(request, device)
    request.session[twofactor.VERIFIED] = True


@never_cache
@login_required
def verify(request):
    next_url = _next_url(request)
    user = request.user
    if user.is_verified():
        return redirect(next_url)
    if not user_has_device(user, confirmed=True):
        if twofactor.is_officer(user):
            return redirect(_with_next("accounts:two_factor_setup", next_url))
        request.session[twofactor.PARTNER_OPTED_IN] = False
        return redirect(next_url)
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            result = services.two_factor_verify(
                actor=as_actor(user), code=form.cleaned_data["code"]
            )
            if result.device is not None:
                _verified(request, result.device)
                if isinstance(result.device, StaticDevice):
                    left = two_factor_status(user).recovery_codes_left
                    messages.warning(
                        request,
                        _(
                            "You used a recovery code; %(left)d left. Each works once: make "
                            "new ones on your account page when few are left."
                        )
                        % {"left": left},
                    )
                return redirect(next_url)
            if result.wait_seconds:
                status = 429
                form.add_error("code", _too_many(result.wait_seconds))
            else:
                form.add_error("code", WRONG_CODE)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url},
        status=status,
    )


@never_cache
@login_required
def setup(request):
    next_url = _next_url(request)
    if not _may_set_up(request):
        return redirect(_with_next("accounts:two_factor_verify", next_url))
    device = services.two_factor_pending_device(actor=as_actor(request.user))
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            result = services.two_factor_confirm(
                actor=as_actor(request.user), device=device, code=form.cleaned_data["code"]
            )
            if result.device is not None:
                _verified(request, device)
                request.session[twofactor.PARTNER_OPTED_IN] = True
                request.session[twofactor.NEW_CODES] = list(result.recovery_codes)
                return redirect(_with_next("accounts:two_factor_recovery", next_url))
            if result.wait_seconds:
                status = 429
                form.add_error("code", _too_many(result.wait_seconds))
            else:
                form.add_error(
                    "code",
                    _(
                        "Wrong code. Check that the app shows the account “%(account)s” and "
                        "type the 6 digits it shows now."
                    )
                    % {"account": request.user.username},
                )
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "secret": twofactor.format_secret(secret),
        "replacing": two_factor_status(request.user).enabled,
        "officer": twofactor.is_officer(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@never_cache
@login_required
def qr(request):
    """The QR code of the authenticator being set up, as an SVG image of its own (no inline
    markup in the page, so the page's Content-Security-Policy needs nothing special)."""
    if not _may_set_up(request):
        raise Http404
    device = services.two_factor_pending_device(actor=as_actor(request.user))
    buffer = BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=6, border=2, xmldecl=False, title=_("QR code to scan")
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@never_cache
@login_required
def recovery(request):
    """Fresh recovery codes, shown once. POST regenerates them (from the account page)."""
    next_url = _next_url(request, default="accounts:profile")
    if request.method == "POST":
        if not two_factor_status(request.user).enabled:
            raise Http404
        request.session[twofactor.NEW_CODES] = services.recovery_codes_regenerate(
            actor=as_actor(request.user)
        )
        return redirect(_with_next("accounts:two_factor_recovery", next_url))
    codes = request.session.get(twofactor.NEW_CODES)
    if not codes:
        messages.info(
            request,
            _("Recovery codes are shown only once. Make new ones here if you lost them."),
        )
        return redirect("accounts:profile")
    context = {
        "codes": [twofactor.format_recovery_code(c) for c in codes],
        "next": next_url,
    }
    return render(request, "accounts/two_factor_recovery.html", context)


@never_cache
@login_required
def recovery_download(request):
    codes = request.session.get(twofactor.NEW_CODES)
    if not codes:
        raise Http404
    lines = [
        _("Desa Binaan Imigrasi: recovery codes for %(username)s")
        % {"username": request.user.username},
        _("Each code works once, when your authenticator app is not at hand."),
        "",
        *(twofactor.format_recovery_code(c) for c in codes),
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kode-cadangan-desabinaan.txt"'
    return response


@login_required
@require_POST
def recovery_done(request):
    request.session.pop(twofactor.NEW_CODES, None)
    return redirect(_next_url(request))


@login_required
@require_POST
def disable(request):
    """A partner turns it off. The middleware already made this session pass the second factor."""
    if twofactor.is_officer(request.user):
        raise Http404
    services.two_factor_disable(actor=as_actor(request.user))
    request.session.pop(twofactor.VERIFIED, None)
    request.session[twofactor.PARTNER_OPTED_IN] = False
    messages.success(request, _("Two-step verification is off."))
    return redirect("accounts:profile")


@login_required
def reset(request):
    """An administrator resets someone's second factor (lost phone): the person sets up a new
    authenticator at their next login. Also available as an action in the Django admin."""
    if not services.can_reset_two_factor(request.user):
        raise Http404
    form = ResetForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            target = form.cleaned_data["username"]
            services.two_factor_reset(user=target, actor=as_actor(request.user))
            messages.success(
                request,
                _(
                    "Two-step verification of %(username)s is reset: they set up a new "
                    "authenticator at their next login."
                )
                % {"username": target.username},
            )
            return redirect("accounts:two_factor_reset")
    return render(request, "accounts/two_factor_reset.html", {"form": form}, status=status)

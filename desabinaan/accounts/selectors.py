from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from desabinaan.core.models import Delivery
from desabinaan.core.notify import PREFERENCE_KINDS
from desabinaan.core.refusals import NotAllowed

from .models import ApiToken, NotificationPreference, Role, User
from .scope import Actor, as_actor


def tokens_of(*, actor: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=as_actor(actor).user).order_by("-created_at")


def token_of_user(*, actor: Actor, pk: int) -> ApiToken | None:
    return tokens_of(actor=actor).filter(pk=pk).first()


@dataclass(frozen=True)
class TwoFactorStatus:
    authenticator: TOTPDevice | None
    recovery_codes_left: int

    @property
    def enabled(self) -> bool:
        return self.authenticator is not None


def two_factor_status(user: User) -> TwoFactorStatus:
    authenticator = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-created_at").first()
    )
    codes = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return TwoFactorStatus(authenticator=authenticator, recovery_codes_left=codes)


def user_by_username(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def notification_choices(*, actor: Actor) -> dict[str, bool]:
    """The user's notification preferences (all on when never saved)."""
    user = as_actor(actor).user
    row = NotificationPreference.objects.filter(user=user).first()
    return {k: getattr(row, k) if row else True for k in PREFERENCE_KINDS}


DELIVERY_LOG_ROLES = (Role.PUSAT, Role.ADMIN)


def can_read_delivery_log(actor: Actor) -> bool:
    return actor.is_system or actor.has_role(*DELIVERY_LOG_ROLES)


def deliveries_for(*, actor: Actor, status: str = "") -> QuerySet[Delivery]:
    """The notification delivery log, newest first. Nationwide (webhooks and officers' mail of
    every area), so the directorate and administrators only. The real address is never read
    here: `recipient` is the masked form written with the row."""
    if not can_read_delivery_log(actor):
        raise NotAllowed(
            _("Only the directorate (pusat) and administrators read the delivery log.")
        )
    qs = Delivery.objects.defer("address", "body", "payload")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")

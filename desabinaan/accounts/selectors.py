from dataclasses import dataclass

from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from desabinaan.core.notify import PREFERENCE_KINDS

from .models import ApiToken, NotificationPreference, User
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

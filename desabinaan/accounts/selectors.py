from dataclasses import dataclass

from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, User


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def token_of_user(user: User, pk: int) -> ApiToken | None:
    return tokens_of(user).filter(pk=pk).first()


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

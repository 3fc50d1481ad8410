from django.db.models import QuerySet

from .models import ApiToken, User


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def token_of_user(user: User, pk: int) -> ApiToken | None:
    return tokens_of(user).filter(pk=pk).first()

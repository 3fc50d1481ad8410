import datetime as dt

import factory

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import system_actor
from desabinaan.programme.models import PimpasaAssignment
from desabinaan.regions.models import Office, OfficeKind, Region

PASSWORD = "rahasia-uji-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"kanim-{n}")
    name = factory.Sequence(lambda n: f"Kantor Imigrasi {n}")
    kind = OfficeKind.KANIM

    @factory.post_generation
    def jurisdiction(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.jurisdiction.set(Region.objects.filter(code__in=extracted))


def officer(role: str, office: Office, **kwargs) -> User:
    return UserFactory(role=role, office=office, **kwargs)


def pimpasa_for(code: str, office: Office, **kwargs) -> PimpasaAssignment:
    user = UserFactory(role=Role.PIMPASA, office=office, **kwargs)
    return PimpasaAssignment.objects.create(
        officer=user,
        region_id=code,
        office=office,
        sk_number=f"SK-{code}",
        inaugurated_on=dt.date(2025, 1, 6),
    )


# The actor of set-up code that stands in for a command (demo data, fixtures): named, sees
# everywhere, never None (issue 10).
SYSTEM = system_actor("tests")

"""Factories for people. Every factory-made user can log in: verified e-mail, known password."""

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from spred.accounts.models import User

#: Long and uncommon enough to pass Django's password validators when a test types it in a form.
PASSWORD = "Korrekt-hest-batteri-7"


def _verify_email(user: User, create: bool, extracted: bool | None, **kwargs: Any) -> None:
    if create and extracted is not False:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def _add_roles(user: User, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
    """``UserFactory.create(roles=[PlatformRole.EDITOR])`` — groups come from a data migration."""
    if create and extracted:
        user.groups.add(*Group.objects.filter(name__in=extracted))


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@eksempel.dk")
    name = factory.Sequence(lambda n: f"Person {n}")
    job_title = "Konsulent"
    is_active = True

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        password = kwargs.pop("password", PASSWORD)
        email = kwargs.pop("email")
        return model_class.objects.create_user(email, password, **kwargs)

    # allauth refuses a login until the address is verified (ACCOUNT_EMAIL_VERIFICATION).
    verified_email = factory.PostGeneration(_verify_email)
    roles = factory.PostGeneration(_add_roles)


def platform_admin(**kwargs: Any) -> User:
    from spred.accounts.roles import PlatformRole

    return UserFactory.create(roles=[PlatformRole.ADMINISTRATOR], **kwargs)

"""Who may see the workspace and the microdata: analysts, and nobody else — not even a
superuser or a platform administrator, unless they are also in the Analytiker group."""

from __future__ import annotations

import pytest

from spred.accounts.models import User
from spred.accounts.roles import PlatformRole, is_analyst
from spred.accounts.tests.factories import UserFactory, platform_admin
from spred.barometer.models import Wave
from spred.barometer.policies import (
    CodebookPolicy,
    DataImportPolicy,
    IndicatorPolicy,
    RespondentPolicy,
    StratumPolicy,
    WorkspacePolicy,
)
from spred.barometer.services.publishing import publish_wave
from spred.core.policies import anonymous

pytestmark = pytest.mark.django_db


def test_only_the_analyst_group_makes_an_analyst(analyst: User, superuser: User) -> None:
    assert is_analyst(analyst)
    assert not is_analyst(superuser)
    assert not is_analyst(platform_admin())
    assert not is_analyst(UserFactory.create(roles=[PlatformRole.EDITOR]))
    assert not is_analyst(anonymous())
    assert not is_analyst(None)
    inactive = UserFactory.create(roles=[PlatformRole.ANALYST], is_active=False)
    assert not is_analyst(inactive)
    # A superuser who is put in the group is an analyst — a deliberate grant.
    superuser.groups.add(*analyst.groups.all())
    superuser.__dict__.pop("_spred_role_cache", None)
    assert is_analyst(superuser)


def test_microdata_and_working_material_are_for_analysts(
    loaded_wave: Wave, analyst: User, superuser: User
) -> None:
    others = [anonymous(), superuser, platform_admin(), UserFactory.create()]
    for policy in (
        WorkspacePolicy,
        RespondentPolicy,
        StratumPolicy,
        CodebookPolicy,
        DataImportPolicy,
    ):
        assert policy.visible_to(analyst).exists(), policy.__name__
        for person in others:
            assert not policy.visible_to(person).exists(), (policy.__name__, person)


def test_workspace_actions(loaded_wave: Wave, analyst: User, superuser: User) -> None:
    for action in ("create", "edit", "import", "preview", "publish"):
        assert WorkspacePolicy.can(analyst, action, loaded_wave)
        assert not WorkspacePolicy.can(superuser, action, loaded_wave)
    # Unpublishing needs a published wave; deleting needs one that is not.
    assert not WorkspacePolicy.can(analyst, "unpublish", loaded_wave)
    assert WorkspacePolicy.can(analyst, "delete", loaded_wave)
    publish_wave(acting_user=analyst, wave=loaded_wave)
    loaded_wave.refresh_from_db()
    assert WorkspacePolicy.can(analyst, "unpublish", loaded_wave)
    assert not WorkspacePolicy.can(analyst, "delete", loaded_wave)
    with pytest.raises(ValueError, match="no action"):
        WorkspacePolicy.can(analyst, "export", loaded_wave)


def test_indicator_definitions_are_public(analyst: User) -> None:
    assert IndicatorPolicy.visible_to(anonymous()).filter(slug="innovation").exists()
    assert IndicatorPolicy.can(anonymous(), "view")
    assert not IndicatorPolicy.can(anonymous(), "manage")
    assert IndicatorPolicy.can(analyst, "manage")

"""The analysts' workspace pages: analysts only (everyone else 404, anonymous to the login),
uploads with the validation report, preview, publish and unpublish with confirmation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from spred.accounts.models import User
from spred.accounts.tests.factories import platform_admin
from spred.barometer.choices import CiMethod, LonelyStratumPolicy, WaveStatus
from spred.barometer.models import (
    Codebook,
    DataImport,
    PublishedEstimate,
    Respondent,
    Stratum,
    Wave,
)
from spred.barometer.services.publishing import publish_wave
from spred.barometer.tests.factories import codebook_yaml, default_rows, microdata_csv, strata_csv
from spred.core.testing import (
    LOGIN,
    AccessWorld,
    Audience,
    Redirect,
    ViewAccess,
    assert_access,
    client_for,
    csp_script_problems,
    unchanged,
)

pytestmark = pytest.mark.django_db

BASE = "/barometer/analyse/"
WAVE = f"{BASE}2023/"


@pytest.fixture
def access_world(loaded_wave: Wave, analyst: User, editor: User, superuser: User) -> AccessWorld:
    """Signed in without the role: an editor; "permitted role elsewhere": a superuser, who
    administers everything but is not an analyst."""
    return AccessWorld(
        users={
            Audience.ANONYMOUS: None,
            Audience.NO_PERMISSION: editor,
            Audience.OTHER_ORGANISATION: superuser,
            Audience.PERMITTED: analyst,
        },
        objects={"wave": loaded_wave},
    )


def analysts_only(label: str, url: str, permitted: Any = 200, **kwargs: Any) -> ViewAccess:
    return ViewAccess(
        label,
        url,
        {
            Audience.ANONYMOUS: LOGIN,
            Audience.NO_PERMISSION: 404,
            Audience.OTHER_ORGANISATION: 404,
            Audience.PERMITTED: permitted,
        },
        **kwargs,
    )


PAGES = [
    ("waves", BASE),
    ("create", f"{BASE}ny/"),
    ("indicators", f"{BASE}indikatorer/"),
    ("wave", WAVE),
    ("edit", f"{WAVE}rediger/"),
    ("codebook", f"{WAVE}kodebog/"),
    ("codebook upload", f"{WAVE}kodebog/importer/"),
    ("microdata upload", f"{WAVE}mikrodata/importer/"),
    ("microdata delete (confirm)", f"{WAVE}mikrodata/slet/"),
    ("strata", f"{WAVE}strata/"),
    ("preview", f"{WAVE}forhaandsvisning/"),
    ("publish (confirm)", f"{WAVE}publicer/"),
]


@pytest.mark.parametrize(("label", "url"), PAGES)
def test_pages_are_for_analysts_only(label: str, url: str, access_world: AccessWorld) -> None:
    assert_access(analysts_only(label, url), access_world)


def test_platform_admin_and_unknown_wave_get_404(loaded_wave: Wave, analyst: User) -> None:
    assert client_for(platform_admin()).get(WAVE).status_code == 404
    assert client_for(analyst).get(f"{BASE}1999/").status_code == 404


def test_posts_are_for_analysts_only(access_world: AccessWorld) -> None:
    def nothing_published_unless_analyst(
        audience: Audience, response: Any, world: AccessWorld
    ) -> None:
        published = PublishedEstimate.objects.exists()
        assert published == (audience is Audience.PERMITTED)

    assert_access(
        analysts_only(
            "publish",
            f"{WAVE}publicer/",
            Redirect(WAVE),
            method="post",
            data={"lonely_policy": "fail", "ci_method": "logit"},
            check=nothing_published_unless_analyst,
        ),
        access_world,
    )
    assert_access(
        analysts_only(
            "create",
            f"{BASE}ny/",
            Redirect(f"{BASE}2025/"),
            method="post",
            data={
                "edition": 2025,
                "title": "Innovationsbarometeret 2025",
                "reference_period": "2023–2024",
                "lonely_policy": "fail",
                "ci_method": "logit",
            },
        ),
        access_world,
    )


def test_pages_have_no_inline_scripts(loaded_wave: Wave, analyst: User) -> None:
    client = client_for(analyst)
    for _label, url in PAGES:
        problems = csp_script_problems(client.get(url).content.decode())
        assert not problems, (url, problems)


# --------------------------------------------------------------------------------------------
# Uploads


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_codebook_upload(wave: Wave, analyst: User) -> None:
    client = client_for(analyst)
    response = client.post(
        f"{WAVE}kodebog/importer/", {"file": _upload("kodebog.yaml", codebook_yaml())}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{WAVE}kodebog/"
    page = client.get(f"{WAVE}kodebog/").content.decode()
    assert "Har arbejdspladsen indført en innovation?" in page
    assert "Stilles kun, når" in page


def test_a_bad_codebook_shows_every_problem_and_stores_nothing(wave: Wave, analyst: User) -> None:
    bad = codebook_yaml(
        {
            "questions": [
                {"code": "A", "text": "Spørgsmål", "type": "ranking"},
                {"code": "B", "text": "Spørgsmål", "type": "single", "options": []},
            ]
        }
    )
    with unchanged(Codebook, DataImport):
        response = client_for(analyst).post(
            f"{WAVE}kodebog/importer/", {"file": _upload("k.yaml", bad)}
        )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ukendt spørgsmålstype" in page
    assert "skal have svarmuligheder" in page
    assert "Intet er gemt" in page


def test_only_codebook_files_are_accepted(wave: Wave, analyst: User) -> None:
    response = client_for(analyst).post(
        f"{WAVE}kodebog/importer/", {"file": _upload("k.exe", b"MZ")}
    )
    assert response.status_code == 200
    assert "Vælg en .yaml-, .yml- eller .json-fil." in response.content.decode()


def _microdata_post(**extra: Any) -> dict[str, Any]:
    return {
        "file": _upload("mikrodata.csv", extra.pop("content", microdata_csv())),
        "strata_file": _upload("strata.csv", strata_csv()),
        "lonely_policy": "",
        **extra,
    }


def test_microdata_upload(wave_with_codebook: Wave, analyst: User) -> None:
    response = client_for(analyst).post(f"{WAVE}mikrodata/importer/", _microdata_post())
    assert response.status_code == 302
    assert Respondent.objects.filter(wave=wave_with_codebook).count() == 16


def test_a_bad_microdata_file_lists_rows_and_columns(
    wave_with_codebook: Wave, analyst: User
) -> None:
    rows = default_rows()
    rows[0].answers["INNOV"] = "7"
    rows[1].weight = "-1"
    with unchanged(Respondent, Stratum, DataImport):
        response = client_for(analyst).post(
            f"{WAVE}mikrodata/importer/", _microdata_post(content=microdata_csv(rows))
        )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ukendt svarkode 7" in page
    assert "Vægten skal være et tal større end 0" in page
    assert "<td>2</td>" in page
    assert "<td>INNOV</td>" in page


def test_replacing_microdata_needs_the_box_ticked(loaded_wave: Wave, analyst: User) -> None:
    client = client_for(analyst)
    assert (
        "Bølgen har allerede mikrodata" in client.get(f"{WAVE}mikrodata/importer/").content.decode()
    )
    with unchanged(Respondent, Stratum, DataImport):
        response = client.post(f"{WAVE}mikrodata/importer/", _microdata_post())
    assert response.status_code == 200
    assert "Sæt kryds for at erstatte" in response.content.decode()
    response = client.post(f"{WAVE}mikrodata/importer/", _microdata_post(replace="on"))
    assert response.status_code == 302
    assert DataImport.objects.filter(replaced=True).count() == 1


def test_dry_run_upload_shows_the_report_and_stores_nothing(
    wave_with_codebook: Wave, analyst: User
) -> None:
    with unchanged(Respondent, Stratum, DataImport):
        response = client_for(analyst).post(
            f"{WAVE}mikrodata/importer/", _microdata_post(dry_run="on")
        )
    assert response.status_code == 200
    assert (
        "Filerne er i orden: 16 besvarelser i 4 strata. Intet er gemt." in response.content.decode()
    )


# --------------------------------------------------------------------------------------------
# Preview, publish, unpublish


def test_preview_marks_suppressed_cells_and_shows_no_rows(
    loaded_wave: Wave, analyst: User, test_indicators: list[Any]
) -> None:
    page = client_for(analyst).get(f"{WAVE}forhaandsvisning/").content.decode()
    assert "Har arbejdspladsen" not in page  # questions belong to the codebook page
    assert "Arbejdspladser med mindst én innovation" in page
    assert "For få besvarelser" in page, "TYPE is asked of two workplaces per stratum"
    assert "R001" not in page


def test_preview_with_other_settings(loaded_wave: Wave, analyst: User) -> None:
    page = client_for(analyst).get(
        f"{WAVE}forhaandsvisning/", {"lonely_policy": "certainty", "ci_method": "wald"}
    )
    assert page.status_code == 200
    loaded_wave.refresh_from_db()
    assert loaded_wave.ci_method == CiMethod.LOGIT, "a preview changes nothing"


def test_preview_explains_a_design_that_cannot_be_estimated(
    wave_with_codebook: Wave, analyst: User
) -> None:
    from spred.barometer.services.imports import microdata_import
    from spred.barometer.tests.factories import Row

    rows = [r for r in default_rows() if r.stratum != "S-ADM"] + [Row("S1", "S-ADM", {})]
    microdata_import(
        acting_user=analyst,
        wave=wave_with_codebook,
        content=microdata_csv(rows),
        filename="m.csv",
        strata_content=strata_csv(),
        strata_filename="s.csv",
        lonely_policy=LonelyStratumPolicy.AVERAGE,
    )
    page = client_for(analyst).get(f"{WAVE}forhaandsvisning/", {"lonely_policy": "fail"})
    assert "Estimaterne kan ikke beregnes" in page.content.decode()


def test_publish_and_unpublish_with_confirmation(loaded_wave: Wave, analyst: User) -> None:
    client = client_for(analyst)
    confirm = client.get(f"{WAVE}publicer/").content.decode()
    assert "Ja, publicér bølgen" in confirm
    response = client.post(
        f"{WAVE}publicer/", {"lonely_policy": "certainty", "ci_method": "wald"}, follow=True
    )
    assert "Bølgen er publiceret" in response.content.decode()
    loaded_wave.refresh_from_db()
    assert loaded_wave.status == WaveStatus.PUBLISHED
    assert (loaded_wave.lonely_policy, loaded_wave.ci_method) == ("certainty", "wald")
    assert PublishedEstimate.objects.filter(wave=loaded_wave).exists()

    assert "Ja, afpublicér" in client.get(f"{WAVE}afpublicer/").content.decode()
    client.post(f"{WAVE}afpublicer/")
    loaded_wave.refresh_from_db()
    assert loaded_wave.status == WaveStatus.DRAFT
    assert not PublishedEstimate.objects.filter(wave=loaded_wave).exists()


def test_unpublishing_a_draft_is_refused_politely(loaded_wave: Wave, analyst: User) -> None:
    with unchanged(loaded_wave):
        response = client_for(analyst).post(f"{WAVE}afpublicer/", follow=True)
    assert "Det kan ikke lade sig gøre" in response.content.decode()


def test_delete_microdata_with_confirmation(loaded_wave: Wave, analyst: User) -> None:
    client = client_for(analyst)
    assert "Ja, slet mikrodata" in client.get(f"{WAVE}mikrodata/slet/").content.decode()
    client.post(f"{WAVE}mikrodata/slet/")
    assert not Respondent.objects.filter(wave=loaded_wave).exists()


def test_wave_page_shows_synthetic_marking_and_import_history(
    loaded_wave: Wave, analyst: User
) -> None:
    loaded_wave.is_synthetic = True
    loaded_wave.save()
    page = client_for(analyst).get(WAVE).content.decode()
    assert "Syntetiske data" in page
    assert "mikrodata.csv" in page
    assert "Aske Analytiker" in page


def test_edit_wave_settings(loaded_wave: Wave, analyst: User) -> None:
    response = client_for(analyst).post(
        f"{WAVE}rediger/",
        {
            "title": "Barometeret 2023",
            "reference_period": "2021–2022",
            "description": "",
            "lonely_policy": "adjust",
            "ci_method": "wald",
        },
    )
    assert response.status_code == 302
    loaded_wave.refresh_from_db()
    assert (loaded_wave.title, loaded_wave.lonely_policy) == ("Barometeret 2023", "adjust")


def test_create_a_wave_that_exists(loaded_wave: Wave, analyst: User) -> None:
    with unchanged(Wave):
        response = client_for(analyst).post(
            f"{BASE}ny/",
            {
                "edition": 2023,
                "title": "Igen",
                "reference_period": "x",
                "lonely_policy": "fail",
                "ci_method": "logit",
            },
        )
    assert "Der findes allerede en bølge for 2023" in response.content.decode()


def test_english_pages(loaded_wave: Wave, analyst: User) -> None:
    client: Client = client_for(analyst)
    response = client.get(WAVE, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_publish_from_the_page_reports_a_refusal(loaded_wave: Wave, analyst: User) -> None:
    publish_wave(acting_user=analyst, wave=loaded_wave)
    response = client_for(analyst).get(f"{WAVE}publicer/")
    assert "Ja, publicér igen" in response.content.decode()

"""Reads for the municipality tile map and the 'lært af' genealogy.

Both are public pictures, the same for everyone: they show the open ledger
(``ledger.public_adoptions`` — verified adoptions of public solutions by public organisations)
and nothing else. A pending or rejected record is never coloured, and a draft solution has no
map. ``user`` follows the selector convention; it never widens what is shown.

The region view (``region_code``) shows only that region's municipalities, cut out of the
national layout (same positions, not re-laid, so a region looks the same on its own as on the
whole map), and says how the region organisation itself stands.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spred.catalogue.models import Solution, TechnologyCategory
from spred.diffusion.analysis import tilemap
from spred.diffusion.analysis.genealogy import Genealogy, GenealogyNode, build_genealogy
from spred.diffusion.analysis.tilemap import TileMap, TileState
from spred.diffusion.choices import IN_USE_STATUSES, AdoptionStatus
from spred.diffusion.models import Adoption, LearnedFrom
from spred.diffusion.policies import AdoptionPolicy
from spred.diffusion.selectors.ledger import public_adoptions
from spred.organisations.choices import OrganisationKind
from spred.organisations.models import Organisation
from spred.organisations.policies import OrganisationPolicy


def map_adoptions(*, user: Any = None) -> QuerySet[Adoption]:
    """What the map and the genealogy may show: the open ledger."""
    # Intersected with the anonymous policy so the pictures, which anyone can download, can
    # never reach past what an anonymous visitor may see, whatever the ledger's definition.
    return public_adoptions() & AdoptionPolicy.visible_to(AnonymousUser())


def _organisation_url(organisation: Organisation) -> str:
    """Where a tile or a genealogy node links: the organisation's spreading page when the app
    has one, else its page in the register."""
    try:
        return reverse("diffusion:organisation", kwargs={"slug": organisation.slug})
    except NoReverseMatch:
        return organisation.get_absolute_url()


def _municipalities(user: Any) -> dict[str, Organisation]:
    qs = OrganisationPolicy.visible_to(user).filter(
        kind=OrganisationKind.MUNICIPALITY, municipality_code__isnull=False
    )
    only = qs.only("pk", "slug", "name", "municipality_code")
    return {str(org.municipality_code): org for org in only}


def _region_organisation(user: Any, region_code: int) -> Organisation | None:
    return (
        OrganisationPolicy.visible_to(user)
        .filter(reference_key=f"region:{region_code}")
        .only("pk", "slug", "name")
        .first()
    )


def _downloads(name: str, slug: str, region_code: int | None) -> tuple[tuple[str, str], ...]:
    query = f"?region={region_code}" if region_code else ""
    return (
        (_("SVG-billede"), reverse(f"diffusion:map_{name}_svg", kwargs={"slug": slug}) + query),
        (_("PNG-billede"), reverse(f"diffusion:map_{name}_png", kwargs={"slug": slug}) + query),
    )


def _shown_tiles(region_code: int | None) -> list[tilemap.Tile]:
    return [t for t in tilemap.tiles() if region_code is None or t.region_code == region_code]


def _status_sentence(adoption: Adoption) -> str:
    text = _("%(status)s siden %(date)s") % {
        "status": adoption.get_status_display(),
        "date": tilemap.format_since(adoption.status_since),
    }
    if adoption.is_unconfirmed:
        text += " (" + _("ubekræftet") + ")"
    return text


def solution_map(*, user: Any, solution: Solution, region_code: int | None = None) -> TileMap:
    """The municipalities coloured by their status with ``solution``."""
    adoptions = map_adoptions(user=user).filter(solution=solution)
    by_code: dict[str, Adoption] = {}
    region_adoption: Adoption | None = None
    region_org = _region_organisation(user, region_code) if region_code else None
    for found in adoptions.filter(
        organisation__kind__in=(OrganisationKind.MUNICIPALITY, OrganisationKind.REGION)
    ):
        code = found.organisation.municipality_code
        if found.organisation.kind == OrganisationKind.MUNICIPALITY and code:
            by_code[code] = found
        elif region_org is not None and found.organisation_id == region_org.pk:
            region_adoption = found
    organisations = _municipalities(user)
    states: list[TileState] = []
    rows: list[dict[str, Any]] = []
    counts: dict[str, int] = defaultdict(int)
    for tile in _shown_tiles(region_code):
        adoption = by_code.get(tile.code)
        org = organisations.get(tile.code)
        url = _organisation_url(org) if org else ""
        name = org.name if org else tile.name
        if adoption is None:
            key, marker, value, since = tilemap.NONE_KEY, "", _("Ingen registrering"), None
            unconfirmed = False
        else:
            key, marker = adoption.status, tilemap.status_marker(adoption.status)
            value, since = adoption.get_status_display(), adoption.status_since
            unconfirmed = adoption.is_unconfirmed
        counts[key] += 1
        label = f"{name}: {_status_sentence(adoption)}" if adoption else f"{name}: {value}"
        states.append(
            TileState(
                tile=tile, key=key, marker=marker, label=label, url=url, unconfirmed=unconfirmed
            )
        )
        rows.append(_row(tile, name, url, key, value, since, unconfirmed, marker))
    marked = sum(n for key, n in counts.items() if key != tilemap.NONE_KEY)
    title = _("Kommuner, der bruger %(solution)s") % {"solution": solution.name}
    return _tilemap(
        kind="status",
        title=title,
        states=states,
        rows=rows,
        legend=tilemap.status_legend(counts),
        marked=marked,
        region_code=region_code,
        region_status=_region_status(region_code, region_org, region_adoption),
        value_heading=_("Status"),
        description=ngettext(
            "%(n)d af %(total)d kommuner har en registreret status med løsningen.",
            "%(n)d af %(total)d kommuner har en registreret status med løsningen.",
            marked,
        )
        % {"n": marked, "total": len(states)},
        downloads=_downloads("solution", solution.slug, region_code),
        map_id=f"kort-{solution.slug}",
    )


def technology_map(
    *, user: Any, technology: TechnologyCategory, region_code: int | None = None
) -> TileMap:
    """The municipalities coloured by how many public solutions of ``technology`` they use
    now (status afprøver, i drift or udbredt)."""
    adoptions = map_adoptions(user=user).filter(
        solution__technologies=technology,
        status__in=IN_USE_STATUSES,
        organisation__kind__in=(OrganisationKind.MUNICIPALITY, OrganisationKind.REGION),
    )
    in_use: dict[str, set[int]] = defaultdict(set)
    first: dict[str, date] = {}
    unconfirmed_codes: set[str] = set()
    region_org = _region_organisation(user, region_code) if region_code else None
    region_solutions: set[int] = set()
    for adoption in adoptions:
        owner = adoption.organisation
        if owner.kind == OrganisationKind.MUNICIPALITY and owner.municipality_code:
            code = owner.municipality_code
            in_use[code].add(adoption.solution_id)
            if adoption.adopted_on and (code not in first or adoption.adopted_on < first[code]):
                first[code] = adoption.adopted_on
            if adoption.is_unconfirmed:
                unconfirmed_codes.add(code)
        elif region_org is not None and adoption.organisation_id == region_org.pk:
            region_solutions.add(adoption.solution_id)
    maximum = max((len(ids) for ids in in_use.values()), default=0)
    bins = tilemap.count_bins(maximum)
    organisations = _municipalities(user)
    states: list[TileState] = []
    rows: list[dict[str, Any]] = []
    counts: dict[str, int] = defaultdict(int)
    for tile in _shown_tiles(region_code):
        org = organisations.get(tile.code)
        url = _organisation_url(org) if org else ""
        name = org.name if org else tile.name
        count = len(in_use.get(tile.code, ()))
        key = tilemap.count_bin_key(count, bins)
        counts[key] += 1
        value = ngettext("%(n)d løsning i brug", "%(n)d løsninger i brug", count) % {"n": count}
        unconfirmed = tile.code in unconfirmed_codes
        label = f"{name}: {value}"
        if unconfirmed:
            label += " (" + _("heraf ubekræftede") + ")"
        states.append(
            TileState(
                tile=tile,
                key=key,
                marker=str(count) if count else "",
                label=label,
                url=url,
                unconfirmed=unconfirmed,
            )
        )
        row = _row(tile, name, url, key, str(count), first.get(tile.code), unconfirmed, "")
        row["count"] = count
        rows.append(row)
    marked = sum(1 for state in states if state.key != tilemap.NONE_KEY)
    region_status = ""
    if region_org is not None:
        region_status = ngettext(
            "%(region)s bruger selv %(n)d løsning i kategorien.",
            "%(region)s bruger selv %(n)d løsninger i kategorien.",
            len(region_solutions),
        ) % {"region": region_org.name, "n": len(region_solutions)}
    return _tilemap(
        kind="count",
        title=_("Kommuner, der bruger løsninger inden for %(technology)s")
        % {"technology": technology.label},
        states=states,
        rows=rows,
        legend=tilemap.count_legend(bins, counts),
        marked=marked,
        region_code=region_code,
        region_status=region_status,
        value_heading=_("Løsninger i brug"),
        description=ngettext(
            "%(n)d af %(total)d kommuner bruger mindst én løsning i kategorien.",
            "%(n)d af %(total)d kommuner bruger mindst én løsning i kategorien.",
            marked,
        )
        % {"n": marked, "total": len(states)},
        downloads=_downloads("technology", technology.slug, region_code),
        map_id=f"kort-{technology.slug}",
    )


def _row(
    tile: tilemap.Tile,
    name: str,
    url: str,
    key: str,
    value: str,
    since: date | None,
    unconfirmed: bool,
    marker: str,
) -> dict[str, Any]:
    return {
        "code": tile.code,
        "name": name,
        "url": url,
        "region_code": tile.region_code,
        "region": tilemap.region_names().get(tile.region_code, ""),
        "key": key,
        "value": value,
        "marker": marker,
        "since": since,
        "since_text": tilemap.format_since(since),
        "unconfirmed": unconfirmed,
    }


def _region_status(
    region_code: int | None, region_org: Organisation | None, adoption: Adoption | None
) -> str:
    if region_code is None or region_org is None:
        return ""
    if adoption is None:
        return _("%(region)s har ingen registreret ibrugtagning af løsningen.") % {
            "region": region_org.name
        }
    return _("%(region)s selv: %(status)s.") % {
        "region": region_org.name,
        "status": _status_sentence(adoption),
    }


def _tilemap(
    *,
    kind: str,
    title: str,
    states: list[TileState],
    rows: list[dict[str, Any]],
    legend: list[tilemap.LegendItem],
    marked: int,
    region_code: int | None,
    region_status: str,
    value_heading: str,
    description: str,
    downloads: tuple[tuple[str, str], ...],
    map_id: str,
) -> TileMap:
    region_name = tilemap.region_names().get(region_code, "") if region_code else ""
    if region_name:
        title = f"{title} · {region_name}"
    notes = [_("Hver kommune er et lige stort felt, placeret så landets form bevares.")]
    if region_code is None:
        notes.append(_("Bornholm er flyttet ind tæt på hovedstaden (markeret med en ramme)."))
    notes.append(
        _(
            "Kun ibrugtagninger, som organisationen selv har bekræftet, vises. "
            "* = ubekræftet: ikke bekræftet i over et år."
        )
    )
    legend = [item for item in legend if item.key != tilemap.NONE_KEY or item.count]
    svg = tilemap.page_svg(states, legend, title=title, map_id=map_id)
    return TileMap(
        title=title,
        svg=svg,
        rows=sorted(rows, key=lambda r: (r["name"], r["code"])),
        legend=legend,
        kind="status" if kind == "status" else "count",
        map_id=map_id,
        description=description,
        value_heading=value_heading,
        notes=tuple(notes),
        region_code=region_code,
        region_name=region_name,
        region_status=region_status,
        regions=tilemap.region_choices(region_code),
        downloads=downloads,
        marked=marked,
        states=tuple(states),
    )


def solution_genealogy(*, user: Any, solution: Solution) -> Genealogy:
    """Who learned ``solution`` from whom, from the public adoptions' 'lært af' links."""
    adoptions = list(
        map_adoptions(user=user).filter(solution=solution).select_related("organisation")
    )
    by_adoption = {adoption.pk: adoption for adoption in adoptions}
    links = list(
        LearnedFrom.objects.filter(adoption_id__in=list(by_adoption))
        .select_related("source")
        .order_by("adoption_id", "id")
    )
    nodes: dict[int, GenealogyNode] = {}
    for adoption in adoptions:
        org = adoption.organisation
        nodes[org.pk] = GenealogyNode(
            key=org.pk,
            name=org.name,
            url=_organisation_url(org),
            status=adoption.status,
            status_label=str(AdoptionStatus(adoption.status).label),
            adopted_on=adoption.adopted_on,
            unconfirmed=adoption.is_unconfirmed,
        )
    for link in links:
        # A source that is not a public adopter of this solution is shown without a status:
        # its own record, if any, may be pending and must not show through.
        if link.source_id not in nodes:
            nodes[link.source_id] = GenealogyNode(
                key=link.source_id, name=link.source.name, url=_organisation_url(link.source)
            )
    return build_genealogy(
        nodes.values(),
        _link_triples(links, by_adoption),
        title=_("Hvem lærte %(solution)s af hvem") % {"solution": solution.name},
        dom_id=f"slaegt-{solution.slug}",
    )


def _link_triples(
    links: Iterable[LearnedFrom], by_adoption: dict[int, Adoption]
) -> list[tuple[int, int, str]]:
    return [
        (link.source_id, by_adoption[link.adoption_id].organisation_id, link.adapted)
        for link in links
    ]

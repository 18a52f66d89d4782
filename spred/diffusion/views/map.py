"""The tile maps as pictures to download: SVG and PNG, for a solution or a technology category,
the whole country or one region (``?region=<code>``). Pictures are public and show the open
ledger only; a solution that is not public answers 404."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from spred.diffusion.analysis import tilemap
from spred.diffusion.analysis.tilemap import TileMap
from spred.diffusion.selectors import map as maps
from spred.diffusion.selectors import statistics

_FONTS = Path(settings.BASE_DIR) / "spred" / "static" / "vendor" / "dkfds" / "fonts" / "IBMPlexSans"


def _region(request: HttpRequest) -> int | None:
    try:
        return tilemap.parse_region(request.GET.get("region"))
    except ValueError as exc:
        raise Http404 from exc


def _filename(slug: str, region_code: int | None, extension: str) -> str:
    # Slugs are [-a-z0-9_] only, so the name needs no quoting beyond the double quotes.
    suffix = f"-{region_code}" if region_code else ""
    return f"spredningskort-{slug}{suffix}.{extension}"


def _solution_map(request: HttpRequest, slug: str) -> tuple[TileMap, str]:
    region_code = _region(request)
    found = statistics.public_solution_get(slug=slug)
    tile_map = maps.solution_map(user=request.user, solution=found, region_code=region_code)
    return tile_map, _filename(found.slug, region_code, "{ext}")


def _technology_map(request: HttpRequest, slug: str) -> tuple[TileMap, str]:
    region_code = _region(request)
    category = statistics.technology_get(user=request.user, slug=slug)
    tile_map = maps.technology_map(user=request.user, technology=category, region_code=region_code)
    return tile_map, _filename(category.slug, region_code, "{ext}")


@functools.cache
def _register_fonts() -> None:
    import vl_convert

    if _FONTS.is_dir():
        vl_convert.register_font_directory(str(_FONTS))


def _svg_response(tile_map: TileMap, filename: str) -> HttpResponse:
    response = HttpResponse(
        tile_map.static_svg(demo=settings.SPRED_DEMO), content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename.format(ext="svg")}"'
    return response


def _png_response(tile_map: TileMap, filename: str) -> HttpResponse:
    import vl_convert

    _register_fonts()
    png = bytes(vl_convert.svg_to_png(tile_map.static_svg(demo=settings.SPRED_DEMO), scale=2.0))
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="{filename.format(ext="png")}"'
    return response


@require_safe
def solution_svg(request: HttpRequest, slug: str) -> HttpResponse:
    return _svg_response(*_solution_map(request, slug))


@require_safe
def solution_png(request: HttpRequest, slug: str) -> HttpResponse:
    return _png_response(*_solution_map(request, slug))


@require_safe
def technology_svg(request: HttpRequest, slug: str) -> HttpResponse:
    return _svg_response(*_technology_map(request, slug))


@require_safe
def technology_png(request: HttpRequest, slug: str) -> HttpResponse:
    return _png_response(*_technology_map(request, slug))

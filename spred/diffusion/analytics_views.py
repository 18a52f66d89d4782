"""Diffusion statistics pages: overall, per technology category and per solution."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "diffusion/index.html", {})

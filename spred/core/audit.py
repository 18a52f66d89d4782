"""Every write names its acting user: services run inside ``acting_as`` so audit rows carry it,
also when the write comes from a management command rather than a web request."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from auditlog.context import set_actor
from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    with set_actor(user):
        yield


def service(func: Callable[P, R]) -> Callable[P, R]:
    """Mark a function as a write service: keyword-only call, one transaction, audited as the
    acting user. A failure anywhere rolls the whole write back."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if args:
            raise TypeError(f"{func.__name__} takes keyword arguments only")
        if "acting_user" not in kwargs:
            raise TypeError(f"{func.__name__} needs acting_user=")
        with transaction.atomic(), acting_as(kwargs["acting_user"]):
            return func(*args, **kwargs)

    wrapper.__spred_service__ = True  # type: ignore[attr-defined]
    return wrapper

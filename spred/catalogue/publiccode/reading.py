"""Reading a publiccode.yml safely, with the place of every key kept for the messages.

YAML is read with the safe loader only, and anything beyond plain values — a ``!!python/...``
tag, any other explicit tag, an alias — is refused before a value is built. Dates stay text, as
in YAML 1.2 (the standard's YAML), and only ``true``/``false`` are booleans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils.translation import gettext as _

from spred.catalogue.publiccode.standard import MAX_BYTES


@dataclass(frozen=True)
class PubliccodeProblem:
    key: str
    message: str
    line: int
    column: int

    def __str__(self) -> str:
        where = f"({self.line}:{self.column})"
        return f"{self.key}: {self.message} {where}" if self.key else f"{self.message} {where}"


class _AliasRefused(yaml.YAMLError):
    def __init__(self, mark: Any) -> None:
        super().__init__("alias")
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """The safe loader with YAML 1.2's plain scalars: no timestamps (a date is text) and only
    true/false as booleans (``no`` is the word no, not false). Aliases are refused: a
    publiccode.yml needs none, and they are how a small file expands into a huge one."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)
        return super().compose_node(parent, index)


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in {"tag:yaml.org,2002:timestamp", _BOOL}
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


@dataclass
class ParsedPubliccode:
    data: dict[str, Any] | None
    problems: list[PubliccodeProblem] = field(default_factory=list)
    #: Dotted key path → (line, column) of the key (or of the list item), 1-based.
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and self.data is not None


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def join_path(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _walk(
    node: yaml.Node, path: str, positions: dict[str, tuple[int, int]], problems: list[Any]
) -> None:
    """Record where each key is, and refuse tags beyond plain values and duplicate keys."""
    if node.tag not in _PLAIN_TAGS:
        line, col = _mark(node.start_mark)
        problems.append(
            PubliccodeProblem(
                path,
                _('YAML-mærket "%(tag)s" er ikke tilladt; brug kun almindelige værdier')
                % {"tag": _short_tag(node.tag)},
                line,
                col,
            )
        )
        return
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            child = join_path(path, key)
            line, col = _mark(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                problems.append(
                    PubliccodeProblem(path, _("en nøgle skal være en tekst"), line, col)
                )
                continue
            if key in seen:
                problems.append(PubliccodeProblem(child, _("nøglen står to gange"), line, col))
                continue
            seen.add(key)
            positions[child] = (line, col)
            _walk(value_node, child, positions, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            child = join_path(path, i)
            positions[child] = _mark(item.start_mark)
            _walk(item, child, positions, problems)


def parse_publiccode(text: str | bytes) -> ParsedPubliccode:
    """Parse without building anything unsafe; problems for broken YAML, refused tags, aliases
    and duplicate keys. The data is None when the file cannot be used at all."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            return _file_problem(
                _("filen er for stor (højst %(kb)s kB)") % {"kb": MAX_BYTES // 1024}
            )
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _file_problem(_("filen er ikke gemt som UTF-8"))
    if len(text) > MAX_BYTES:
        return _file_problem(_("filen er for stor (højst %(kb)s kB)") % {"kb": MAX_BYTES // 1024})
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except _AliasRefused as exc:
            return _file_problem(
                _("YAML-aliaser (*navn) er ikke tilladt; skriv værdien ud"), exc.mark
            )
        except yaml.MarkedYAMLError as exc:
            reason = exc.problem or exc.context or "?"
            return _file_problem(
                _("ugyldig YAML: %(reason)s") % {"reason": reason}, exc.problem_mark
            )
        except yaml.YAMLError as exc:
            return _file_problem(_("ugyldig YAML: %(reason)s") % {"reason": exc})
        if node is None:
            return _file_problem(_("filen er tom"))
        parsed = ParsedPubliccode(data=None)
        _walk(node, "", parsed.positions, parsed.problems)
        if parsed.problems:
            return parsed
        if not isinstance(node, yaml.MappingNode):
            line, col = _mark(node.start_mark)
            parsed.problems.append(
                PubliccodeProblem("", _("filen skal være en sektion af nøgler"), line, col)
            )
            return parsed
        parsed.data = loader.construct_document(node)
        return parsed
    finally:
        loader.dispose()


def _file_problem(message: str, mark: Any = None) -> ParsedPubliccode:
    line, col = _mark(mark)
    return ParsedPubliccode(data=None, problems=[PubliccodeProblem("", message, line, col)])

"""The official staging test cases (``payloads/<operation>/*.yaml``) and the staging matching rule.

Matching, as on staging (``MockService`` / ``MockDataBackend``): the request's parameters, without
``recipient``, and each case's ``params`` are downcased (string values) and serialised like Rails'
``Hash#to_query`` (``key=value`` pairs, arrays as ``key[]=v1&key[]=v2``, pairs sorted); equal
strings match. No match → the folder's ``404.yaml``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import yaml

PAYLOADS = Path(__file__).resolve().parent / "payloads"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Case:
    """One staging test case."""

    operation: str
    name: str
    params: dict[str, Any]
    status: int
    payload: Any
    description: str = ""


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value).lower()


def canonical(params: Mapping[str, Any]) -> str:
    """Rails ``to_query`` of the downcased parameters."""
    pairs = []
    for key, value in params.items():
        if isinstance(value, list | tuple):
            name = quote_plus(f"{key}[]")
            if not value:
                pairs.append(f"{name}=")
            else:
                pairs.append("&".join(f"{name}={quote_plus(_scalar(v))}" for v in value))
        else:
            pairs.append(f"{quote_plus(str(key))}={quote_plus(_scalar(value))}")
    return "&".join(sorted(pairs))


def _load(path: Path, operation: str) -> Case:
    content = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 — a safe loader
    return Case(
        operation=operation,
        name=path.name,
        params=dict(content.get("params") or {}),
        status=int(content["status"]),
        payload=json.loads(content["payload"]),
        description=str(content.get("description") or content.get("title") or ""),
    )


@functools.cache
def cases(operation: str) -> tuple[Case, ...]:
    """Every case of an operation (folder), by file name."""
    folder = PAYLOADS / operation
    if not folder.is_dir():
        return ()
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    return tuple(_load(path, operation) for path in files)


@functools.cache
def _index(operation: str) -> dict[str, Case]:
    index: dict[str, Case] = {}
    for case in cases(operation):
        index.setdefault(canonical(case.params), case)
    return index


def match(operation: str, params: Mapping[str, Any]) -> Case | None:
    """The case whose parameters equal ``params`` (staging rule), if any."""
    return _index(operation).get(canonical(params))


def not_found(operation: str) -> Case | None:
    """The folder's ``404.yaml`` (staging's answer when nothing matches)."""
    return next((c for c in cases(operation) if c.name == "404.yaml"), None)


def match_subset(
    operation: str, derived: Mapping[str, Any], optional: frozenset[str] = frozenset()
) -> Case | None:
    """FranceConnect rule: every parameter of the case equals the one derived from the identity.

    Keys in ``optional`` (e.g. ``nomUsage`` when FranceConnect gave no ``preferred_username``)
    are not compared. Exact matches win over subset matches; ``404.yaml`` never matches here.
    """
    normalised = {key: canonical({key: value}) for key, value in derived.items()}
    for case in cases(operation):
        if case.name == "404.yaml" or not case.params:
            continue
        if all(
            key in optional or normalised.get(key) == canonical({key: value})
            for key, value in case.params.items()
        ):
            return case
    return None

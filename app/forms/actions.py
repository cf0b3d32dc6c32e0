"""Adding and removing items of a repeating group without JavaScript.

The buttons are submit buttons named ``_action`` whose value says what to do:
``add:enfants``, ``remove:enfants-2`` (nested: ``add:enfants-0-activites``,
``remove:enfants-0-activites-1``). The controller calls :func:`apply_action` first: when it returns
``True`` the page is displayed again, as typed, with one item more or less, and nothing is
validated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final, Literal

from app.forms.base import TremplinForm
from app.forms.fields import GroupField
from app.forms.messages import TOO_MANY_ITEMS
from app.forms.tree import find_field

ACTION: Final = "_action"
"""Name of the submit buttons that carry an action."""

_VALUE: Final = re.compile(
    r"(add|remove):([a-z][a-z0-9_]*(?:-(?:[0-9]{1,4}|[a-z][a-z0-9_]*))*)", re.ASCII
)


@dataclass(frozen=True)
class GroupAction:
    """Add an item to a group, or remove item ``index`` from it."""

    verb: Literal["add", "remove"]
    group: tuple[str, ...]
    index: int | None = None


def parse_action(value: Any) -> GroupAction | None:
    """The group action of an ``_action`` value (``None`` for anything else, e.g. ``next``)."""
    if not isinstance(value, str):
        return None
    match = _VALUE.fullmatch(value)
    if not match:
        return None
    verb, target = match.groups()
    tokens = tuple(target.split("-"))
    if verb == "add":
        return GroupAction("add", tokens)
    if len(tokens) < 2 or not tokens[-1].isdigit():
        return None
    return GroupAction("remove", tokens[:-1], int(tokens[-1]))


def pending_action(form: TremplinForm) -> GroupAction | None:
    """The group action the person asked for with this submission, if any."""
    posted = form._posted
    return parse_action(posted.get(ACTION)) if posted is not None else None


def apply_action(form: TremplinForm, action: GroupAction | None = None) -> bool:
    """Apply the submitted add/remove (or ``action``) to the bound form; ``True`` if there was one.

    An action aimed at something that is not a group of this form, or beyond its limits, changes
    nothing (but still counts: the page is displayed again).
    """
    action = action or pending_action(form)
    if action is None:
        return False
    group = find_field(form, action.group)
    if isinstance(group, GroupField):
        if action.verb == "add":
            if group.can_add:
                group.append_entry()
            else:
                group.add_error(TOO_MANY_ITEMS)
        elif action.index is not None and action.index < len(group.entries) and group.can_remove:
            group.pop_entry(action.index)
        form._mark_displayed()
    return True


def add_value(field: GroupField) -> str:
    """Value of the « Ajouter » button of a group."""
    return f"add:{field.id}"


def remove_value(field: GroupField, index: int) -> str:
    """Value of the « Retirer » button of item ``index``."""
    return f"remove:{field.id}-{index}"

"""WTForms fields generated from a :class:`~app.forms.spec.FieldSpec`.

Every field keeps exactly what was typed (``raw``) so that a page re-rendered after an error, an
"add" or a "remove" shows it unchanged, and converts it on demand (:meth:`answer`) into the typed
JSON value stored in the answers. Fields carry no WTForms validators: :mod:`app.forms.checks`
checks the converted values against the field's own JSON Schema, so that the messages shown to the
person and the authority's verdict come from one set of rules.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

from werkzeug.datastructures import FileStorage
from wtforms import Field, FieldList, FormField
from wtforms.utils import unset_value
from wtforms.widgets import FileInput, HiddenInput, Input, TextArea

from app.forms import identity
from app.forms.files import accepted_types
from app.forms.parsing import (
    clean_text,
    format_number_input,
    parse_date,
    parse_number,
    split_names,
)
from app.forms.spec import MAX_GROUP_ITEMS, FieldSpec, Kind


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()
"""No answer (empty input, nothing chosen): the key is left out of the answers."""

YES: Final = "oui"
NO: Final = "non"

Answer = tuple[Any, bool]
"""``(value, ok)``: the typed value (or :data:`MISSING`) and whether the input could be read."""


def answer_of(spec: FieldSpec, raw: str | None) -> Answer:
    """The typed value of what was typed in a scalar input (see :mod:`app.forms.parsing`)."""
    if raw is None:
        return MISSING, True
    text = clean_text(raw, multiline=spec.kind is Kind.TEXTAREA)
    if not text:
        return MISSING, True
    kind = spec.kind
    if kind in (Kind.INTEGER, Kind.NUMBER):
        return parse_number(text)
    if kind is Kind.DATE:
        return parse_date(text)
    if kind is Kind.YES_NO:
        return {YES: True, NO: False}.get(text, text), text in (YES, NO)
    if kind is Kind.CHOICE:
        return choice_value(spec, text)
    if kind is Kind.NAMES:
        return split_names(text), True
    return (text.upper() if spec.uppercase else text), True


def choice_value(spec: FieldSpec, token: str) -> Answer:
    """The option value sent as ``token`` (the text itself, not ok, if it is not an option)."""
    for choice in spec.choices:
        if choice.token == token:
            return choice.value, True
    return token, False


def raw_of(spec: FieldSpec, value: Any) -> str:
    """What to put in an input so that it reads back as ``value`` (inverse of :func:`answer_of`)."""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int | float) and spec.kind in (Kind.INTEGER, Kind.NUMBER):
        return format_number_input(value)
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


class TremplinField:
    """What every generated field has: its spec, and whether it is displayed."""

    spec: FieldSpec
    displayed: bool = True

    def typed(self) -> bool:
        """Whether the person entered anything here (an unchecked box is not an entry)."""
        value, _ok = self.answer()  # type: ignore[attr-defined]
        return value is not MISSING

    @property
    def own_errors(self) -> list[str]:
        """Messages about this field itself (not about the fields inside it)."""
        return [e for e in self.errors if isinstance(e, str)]  # type: ignore[attr-defined]

    def add_error(self, message: str) -> None:
        """Show ``message`` next to this field (once)."""
        if not isinstance(self.errors, list):  # type: ignore[has-type]
            self.errors = list(self.errors)  # type: ignore[has-type]
        if message not in self.errors:
            self.errors.append(message)


class ScalarField(TremplinField, Field):
    """One input (text, number, date…) or one choice among options (radio, select)."""

    def __init__(self, label: str | None = None, *, spec: FieldSpec, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.spec = spec
        self.raw: str | None = None
        self.widget = _widget(spec)

    def process_data(self, value: Any) -> None:
        self.raw = None if value is None or value is unset_value else raw_of(self.spec, value)
        self.data = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        texts = [v for v in valuelist if isinstance(v, str)]
        if texts:
            self.raw = texts[0]

    def answer(self) -> Answer:
        """The typed value of the input."""
        return answer_of(self.spec, self.raw)

    def _value(self) -> str:
        if self.spec.kind is Kind.DATE or self.spec.widget == "updown":
            # type=date / type=number inputs only take canonical values: show the parsed one.
            value, ok = self.answer()
            if ok and value is not MISSING:
                return raw_of(self.spec, value).replace(",", ".")
        return self.raw or ""

    def is_checked(self, token: str) -> bool:
        """Whether option ``token`` is the chosen one (radio, select)."""
        return self.raw is not None and clean_text(self.raw) == token

    def input_attrs(self, describedby: str = "") -> dict[str, Any]:
        """HTML attributes of the input (``False`` leaves an attribute out)."""
        spec = self.spec
        attrs: dict[str, Any] = {
            "aria_describedby": describedby or False,
            "aria_invalid": "true" if self.errors else False,
            "required": False,
        }
        if spec.autocomplete:
            attrs["autocomplete"] = spec.autocomplete
        if spec.placeholder:
            attrs["placeholder"] = spec.placeholder
        attrs.update(_KIND_ATTRS.get(spec.kind, {}))
        if spec.kind is Kind.TEXTAREA:
            attrs["rows"] = spec.options.get("rows", 5)
        if spec.uppercase:
            attrs.update(spellcheck="false", autocapitalize="characters", inputmode=False)
        if spec.widget == "updown":
            attrs.update(inputmode=False, step="any")
        return attrs


_KIND_ATTRS: Final[dict[Kind, dict[str, Any]]] = {
    Kind.INTEGER: {"inputmode": "numeric", "spellcheck": "false"},
    Kind.NUMBER: {"inputmode": "decimal", "spellcheck": "false"},
    Kind.POSTAL: {"inputmode": "numeric", "spellcheck": "false", "class_": "input-width-5"},
    Kind.EMAIL: {"spellcheck": "false", "autocapitalize": "off"},
    Kind.TEL: {"spellcheck": "false"},
    Kind.DATE: {"class_": "input-width-10"},
    Kind.NAMES: {"spellcheck": "false"},
}


class _Input(Input):
    """An ``<input>`` of any type; constraints are checked by the server, never by the browser."""

    validation_attrs: ClassVar[list[str]] = []


def _widget(spec: FieldSpec) -> Any:
    if spec.widget == "hidden":
        return HiddenInput()
    if spec.kind is Kind.TEXTAREA:
        return TextArea()
    if spec.kind is Kind.DATE:
        return _Input("date")
    if spec.widget == "updown":
        return _Input("number")
    return _Input({Kind.EMAIL: "email", Kind.TEL: "tel"}.get(spec.kind, "text"))


class MultiField(TremplinField, Field):
    """Checkboxes: any number of options."""

    def __init__(self, label: str | None = None, *, spec: FieldSpec, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.spec = spec
        self.raws: list[str] = []

    def process_data(self, value: Any) -> None:
        values = value if isinstance(value, list | tuple) else []
        self.raws = [str(v) for v in values]
        self.data = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        texts = [v for v in valuelist if isinstance(v, str)]
        if texts:
            self.raws = texts

    def answer(self) -> Answer:
        """The chosen option values in the order sent (an unknown one is kept as its text)."""
        tokens = [clean_text(raw) for raw in self.raws]
        values = [choice_value(self.spec, token) for token in tokens if token]
        if not values:
            return MISSING, True
        return [value for value, _ in values], all(ok for _, ok in values)

    def is_checked(self, token: str) -> bool:
        """Whether option ``token`` is checked."""
        return any(clean_text(raw) == token for raw in self.raws)


class CheckboxField(TremplinField, Field):
    """One checkbox: checked is ``true``, unchecked ``false`` (an attestation, for example)."""

    def __init__(self, label: str | None = None, *, spec: FieldSpec, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.spec = spec
        self.raw: str | None = None

    def process_data(self, value: Any) -> None:
        self.raw = YES if value is True else None
        self.data = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        texts = [v for v in valuelist if isinstance(v, str)]
        self.raw = texts[0] if texts else None

    def typed(self) -> bool:
        """Whether the box is checked."""
        return self.raw is not None

    def answer(self) -> Answer:
        """``True`` when checked, ``False`` when not."""
        if self.raw is None:
            return False, True
        text = clean_text(self.raw)
        return (True, True) if text == YES else (text, False)


class UploadField(TremplinField, Field):
    """A file input (the manual-proof fallback); the stored answer is a reference string.

    ``upload`` is the file sent with this request (if any), ``reference`` the one already stored
    (from the saved answers), kept when no new file is sent.
    """

    widget = FileInput()

    def __init__(self, label: str | None = None, *, spec: FieldSpec, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.spec = spec
        self.upload: FileStorage | None = None
        self.reference: str | None = None

    def process_data(self, value: Any) -> None:
        self.reference = value if isinstance(value, str) and value else None
        self.data = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.upload = next(
            (v for v in valuelist if isinstance(v, FileStorage) and v.filename), None
        )

    def answer(self) -> Answer:
        """The stored reference (the new upload gets one from the journey's ``store_file``)."""
        return (self.reference, True) if self.reference else (MISSING, True)

    def input_attrs(self, describedby: str = "") -> dict[str, Any]:
        """HTML attributes of the file input."""
        return {
            "aria_describedby": describedby or False,
            "aria_invalid": "true" if self.errors else False,
            "required": False,
            "accept": ",".join(accepted_types(self.spec)),
        }


class ObjectField(TremplinField, FormField):
    """A fieldset of sub-fields: a nested object, the identity block, or one group item."""

    def __init__(
        self, form_class: Any, label: str | None = None, *, spec: FieldSpec, **kwargs: Any
    ) -> None:
        super().__init__(form_class, label, **kwargs)
        self.spec = spec
        self.group_errors: list[str] = []

    @property
    def own_errors(self) -> list[str]:
        """Messages about the whole fieldset (e.g. the identity's birthplace)."""
        return self.group_errors

    def add_error(self, message: str) -> None:
        """Show ``message`` at the top of the fieldset (once)."""
        if message not in self.group_errors:
            self.group_errors.append(message)

    def typed(self) -> bool:
        """Whether anything was entered in the block (its birthplace choice included)."""
        return any(f.typed() for f in self.form if isinstance(f, TremplinField))

    def answer(self) -> Answer:
        """The object of the sub-fields' answers (virtual inputs left out).

        An optional block where nothing was entered is no answer (see :meth:`typed`).
        """
        if not self.spec.required and not self.typed():
            return MISSING, True
        value: dict[str, Any] = {}
        ok = True
        for field in self.form:
            if not isinstance(field, TremplinField) or field.spec.virtual:
                continue
            child, child_ok = field.answer()  # type: ignore[attr-defined]
            ok = ok and child_ok
            if child is not MISSING:
                value[field.spec.name] = child
        if self.spec.kind is Kind.IDENTITY:
            choice, _ = self.form[identity.BIRTHPLACE].answer()
            known = choice if choice in (identity.IN_FRANCE, identity.ABROAD) else None
            identity.keep_birthplace(value, known)
        return value, ok


class GroupField(TremplinField, FieldList):
    """A repeating group: a list of :class:`ObjectField` items, added and removed by buttons."""

    def __init__(
        self, unbound: Any, label: str | None = None, *, spec: FieldSpec, **kwargs: Any
    ) -> None:
        super().__init__(unbound, label, max_entries=MAX_GROUP_ITEMS, **kwargs)
        self.spec = spec

    def typed(self) -> bool:
        """Whether anything was entered in any item."""
        return any(entry.typed() for entry in self.entries)

    def answer(self) -> Answer:
        """The list of item objects; an optional group where nothing was entered is no answer."""
        if not self.spec.required and not self.typed():
            return MISSING, True
        items = [entry.answer() for entry in self.entries]
        return [value for value, _ in items], all(ok for _, ok in items)

    @property
    def can_add(self) -> bool:
        """Whether an item may be added (``ui:options.addable`` and below ``maxItems``)."""
        return self.spec.options.get("addable", True) and len(self.entries) < self.spec.max_items

    @property
    def can_remove(self) -> bool:
        """Whether items may be removed (``ui:options.removable`` and above ``minItems``)."""
        return self.spec.options.get("removable", True) and len(self.entries) > self.spec.min_items

    def item_title(self, index: int) -> str:
        """« Enfant 2 » (``ui:options.itemTitle``, numbered from 1)."""
        return f"{self.spec.options.get('itemTitle', 'Élément')} {index + 1}"

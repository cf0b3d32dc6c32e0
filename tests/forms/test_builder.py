"""Generated classes: one per (scheme version, step), cached in a bounded LRU."""

from __future__ import annotations

import pytest

from app import forms
from app.forms import builder
from app.forms.cache import LRU
from tests.forms.samples import example_definition

DEFN = example_definition()


def test_classes_are_cached_per_key_and_step():
    vous = forms.build_form_class(DEFN, step="vous", key=1)
    assert forms.build_form_class(DEFN, step="vous", key=1) is vous
    assert forms.build_form_class(DEFN, step="enfants", key=1) is not vous
    assert forms.build_form_class(DEFN, step="vous", key=2) is not vous
    assert forms.build_form_class(DEFN, step="vous") is not forms.build_form_class(
        DEFN, step="vous"
    )


def test_a_step_holds_only_its_fields():
    form_class = forms.build_form_class(DEFN, step="enfants", key="k")
    assert [f.name for f in form_class._spec.fields_of("enfants")] == ["enfants"]
    assert hasattr(form_class, "enfants")
    assert not hasattr(form_class, "courriel")
    whole = forms.build_form_class(DEFN, key="k")
    assert all(hasattr(whole, name) for name in DEFN["schema"]["properties"])


def test_unknown_step():
    with pytest.raises(KeyError):
        forms.build_form_class(DEFN, step="nulle-part", key="k")


def test_the_cache_is_bounded():
    cache: LRU[int] = LRU(2)
    assert cache.get("a", lambda: 1) == 1
    assert cache.get("b", lambda: 2) == 2
    assert cache.get("a", lambda: 99) == 1  # hit: "a" is now the most recent
    assert cache.get("c", lambda: 3) == 3
    assert "b" not in cache
    assert "a" in cache
    assert len(cache) == 2
    assert builder.CACHE_SIZE >= 100

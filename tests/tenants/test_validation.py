import pytest

from app.tenants.validation import InvalidIdentifier, clean_cog, clean_siret, clean_slug


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13002526500013", "13002526500013"),  # DINUM, the recipient used by the API docs
        ("130 025 265 00013", "13002526500013"),
        ("130.025.265.00013", "13002526500013"),
        ("35600000000048", "35600000000048"),  # La Poste: SIREN 356000000, special key rule
    ],
)
def test_valid_siret_is_normalised(raw, expected):
    assert clean_siret(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("13002526500014", "clé de contrôle"),  # last digit changed
        ("13002526600013", "clé de contrôle"),  # SIREN digit changed
        ("1300252650001", "14 chiffres"),  # 13 digits
        ("130025265000133", "14 chiffres"),  # 15 digits
        ("", "14 chiffres"),
        ("1300252650001A", "chiffres"),
    ],
)
def test_invalid_siret_gets_a_french_message(raw, message):
    with pytest.raises(InvalidIdentifier, match=message):
        clean_siret(raw)


@pytest.mark.parametrize("code", ["33063", "2A004", "97411", "33", "2B", "974", "75"])
def test_valid_cog_codes(code):
    assert clean_cog(code.lower()) == code.upper()


@pytest.mark.parametrize("code", ["3306", "330633", "ABCDE", "3A", "", "9"])
def test_invalid_cog_codes(code):
    with pytest.raises(InvalidIdentifier, match="code COG"):
        clean_cog(code)


@pytest.mark.parametrize("slug", ["val-fleuri", "a", "region-2", "x" * 63])
def test_valid_slugs(slug):
    assert clean_slug(slug) == slug


@pytest.mark.parametrize("slug", ["-bad", "bad-", "Été", "with space", "x" * 64, "a_b"])
def test_invalid_slugs(slug):
    with pytest.raises(InvalidIdentifier):
        clean_slug(slug)

import json

from app.rules import Facts, evaluate_rules, explain
from app.schemes.variables import catalogue
from app.seed import SEED_DIR


def test_choice_titles_reach_the_explanations(app):
    bundle = json.loads(
        (SEED_DIR / "schemes/terres-d-horizon/pass-manuels.json").read_text("utf-8")
    )
    with app.app_context():
        variables = catalogue(bundle)
    assert variables["form.classe"]["labels"]["premiere"] == "Première"
    criterion = next(c for c in bundle["rules"]["criteria"] if "form.classe" in json.dumps(c))
    rules = {"criteria": [criterion]}
    evaluation = evaluate_rules(rules, Facts.build(form={"classe": "premiere"}))
    [sentence] = explain(evaluation, variables)
    assert "Première" in sentence
    assert "premiere" not in sentence

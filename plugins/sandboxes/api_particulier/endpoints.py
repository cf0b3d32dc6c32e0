"""The API Particulier endpoints the sandbox serves: path, test-case folder, scopes, parameters.

Scopes come from ``commons/data/authorizations.yml`` (datagouv/apistration); cache durations from
the controllers (QF 24 h, other DSS endpoints 1 h, MEN/MESRI/CNOUS not cached).
"""

from __future__ import annotations

from dataclasses import dataclass

QF_SCOPES = ("cnaf_quotient_familial", "cnaf_allocataires", "cnaf_enfants", "cnaf_adresse")
MEN_SCOPES = (
    "men_statut_identite",
    "men_statut_scolarite",
    "men_statut_etablissement",
    "men_statut_module_elementaire_formation",
    "men_statut_boursier",
    "men_echelon_bourse",
    "men_regime_pensionnat",
)
CNOUS_SCOPES = (
    "cnous_statut_boursier",
    "cnous_echelon_bourse",
    "cnous_email",
    "cnous_periode_versement",
    "cnous_statut_bourse",
    "cnous_ville_etudes",
    "cnous_identite",
)
MESRI_SCOPES = (
    "mesri_identite",
    "mesri_admissions",
    "mesri_admission_inscrit",
    "mesri_admission_regime_formation",
    "mesri_admission_commune_etudes",
    "mesri_admission_etablissement_etudes",
)
MESRI_V2_SCOPES = (
    "mesri_identifiant",
    "mesri_identite",
    "mesri_inscription_etudiant",
    "mesri_inscription_autre",
    "mesri_admission",
    "mesri_etablissements",
)
C2S_SCOPES = ("complementaire_sante_solidaire",)
RSA_SCOPES = ("revenu_solidarite_active", "revenu_solidarite_active_majoration")

CIVILITY = (
    "nomNaissance",
    "prenoms",
    "anneeDateNaissance",
    "moisDateNaissance",
    "jourDateNaissance",
    "sexeEtatCivil",
)
BIRTHPLACE = (
    "codeCogInseeCommuneNaissance",
    "nomCommuneNaissance",
    "codeCogInseeDepartementNaissance",
)
CNAV_IDENTITY = (*CIVILITY, "nomUsage", "codeCogInseePaysNaissance", *BIRTHPLACE)
MEN_IDENTITY = (
    *CIVILITY,
    "codeEtablissement",
    "anneeScolaire",
    "degreEtablissement",
    "codesBcnDepartements",
    "codesBcnRegions",
)
ARRAY_PARAMS = frozenset({"prenoms", "codesBcnDepartements", "codesBcnRegions"})
INTEGER_PARAMS = frozenset(
    {
        "anneeDateNaissance",
        "moisDateNaissance",
        "jourDateNaissance",
        "annee",
        "mois",
        "campaignYear",
    }
)


@dataclass(frozen=True)
class Endpoint:
    """One v3+ route."""

    path: str
    operation: str
    family: str  # cnav | men | cnous | mesri: selects the validation rules
    modality: str  # identite | ine | france_connect
    scopes: tuple[str, ...]
    params: tuple[str, ...]
    cache_ttl: int | None = None
    not_found: tuple[str, str, str] = ("00003", "Entité non trouvée", "")

    @property
    def france_connect(self) -> bool:
        """The bearer is a FranceConnect access token."""
        return self.modality == "france_connect"


def _op(version: str, name: str, modality: str) -> str:
    suffix = {"identite": "civility", "ine": "ine", "france_connect": "france_connect"}[modality]
    return f"api_particulier_{version}_{name}_with_{suffix}"


def _dss(
    resource: str, name: str, scopes: tuple[str, ...], ttl: int, extra: tuple[str, ...] = ()
) -> list[Endpoint]:
    return [
        Endpoint(
            f"/v3/dss/{resource}/{modality}",
            _op("v3", f"cnav_{name}", modality),
            "cnav",
            modality,
            scopes,
            (CNAV_IDENTITY if modality == "identite" else ()) + extra,
            ttl,
        )
        for modality in ("identite", "france_connect")
    ]


CNOUS_404 = (
    "26003",
    "Entité non trouvée",
    "Aucun étudiant boursier n'a pu être trouvé avec les critères de recherche fournis",
)

ENDPOINTS: tuple[Endpoint, ...] = (
    *_dss("quotient_familial", "quotient_familial", QF_SCOPES, 86400, ("annee", "mois")),
    *_dss("complementaire_sante_solidaire", "complementaire_sante_solidaire", C2S_SCOPES, 3600),
    *_dss("revenu_solidarite_active", "revenu_solidarite_active", RSA_SCOPES, 3600),
    Endpoint(
        "/v5/men/scolarites/identite",
        "api_particulier_v5_men_scolarites_with_civility",
        "men",
        "identite",
        MEN_SCOPES,
        MEN_IDENTITY,
    ),
    *(
        Endpoint(
            f"/v4/cnous/etudiant_boursier/{modality}",
            _op("v4", "cnous_etudiant_boursier", modality),
            "cnous",
            modality,
            CNOUS_SCOPES,
            {"identite": (*CIVILITY, *BIRTHPLACE), "ine": ("ine",), "france_connect": ()}[modality]
            + ("campaignYear",),
            not_found=CNOUS_404,
        )
        for modality in ("identite", "ine", "france_connect")
    ),
    *(
        Endpoint(
            f"/v3/mesri/statut_etudiant/{modality}",
            _op("v3", "mesri_statut_etudiant", modality),
            "mesri",
            modality,
            MESRI_SCOPES,
            {"identite": (*CIVILITY, *BIRTHPLACE), "ine": ("ine",), "france_connect": ()}[modality],
        )
        for modality in ("identite", "ine", "france_connect")
    ),
)
BY_PATH = {endpoint.path: endpoint for endpoint in ENDPOINTS}
RESOURCES = {endpoint.path.split("/", 2)[2]: endpoint for endpoint in ENDPOINTS}

#: v2 routes: path → (test-case folder, scopes accepted, FranceConnect allowed)
V2_ENDPOINTS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "/api/v2/composition-familiale-v2": (
        "api_particulier_v2_cnav_quotient_familial_v2",
        QF_SCOPES,
        True,
    ),
    "/api/v2/complementaire-sante-solidaire": (
        "api_particulier_v2_cnav_complementaire_sante_solidaire",
        C2S_SCOPES,
        True,
    ),
    "/api/v2/revenu-solidarite-active": (
        "api_particulier_v2_cnav_revenu_solidarite_active",
        RSA_SCOPES,
        True,
    ),
    "/api/v2/scolarites": (
        "api_particulier_v2_men_scolarites",
        ("men_statut_scolarite", "men_statut_boursier", "men_echelon_bourse"),
        False,
    ),
    "/api/v2/etudiants": ("api_particulier_v2_mesri_student_status", MESRI_V2_SCOPES, True),
    "/api/v2/etudiants-boursiers": (
        "api_particulier_v2_cnous_student_scholarship",
        CNOUS_SCOPES,
        True,
    ),
}

ALL_SCOPES: tuple[str, ...] = tuple(
    sorted(
        {scope for e in ENDPOINTS for scope in e.scopes}
        | {scope for _, scopes, _ in V2_ENDPOINTS.values() for scope in scopes}
    )
)

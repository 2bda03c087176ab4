//! The fields of the optional tables of the dossiers: the degree programmes list and the
//! welcome register (« Bienvenue en France »), and the Erasmus+ grants awarded, with their
//! French, English and Spanish aliases.

use super::fields::{opt, req, FieldSpec, Kind, VocabKind, LEVEL};
use crate::normalise::academic_year::BareYear;

#[rustfmt::skip]
pub(super) const PROGRAMMES: &[FieldSpec] = &[
    req("programme", Kind::Text, &[
        "programme", "program", "degree programme", "degree program", "formation", "filiere",
        "diplome", "intitule", "intitule de la formation", "titulacion", "programa",
        "study programme", "nom de la formation", "home programme",
    ]),
    opt("faculty", Kind::Text, &[
        "faculty", "faculte", "composante", "ufr", "school", "ecole", "departement",
        "department", "facultad", "centro", "ecole interne",
    ]),
    opt("level", Kind::Vocab(VocabKind::Level), LEVEL),
    opt("language", Kind::Vocab(VocabKind::InstructionLanguage), &[
        "language of instruction", "langue d enseignement", "langue", "language",
        "teaching language", "idioma", "idioma de imparticion", "langue des cours",
    ]),
    opt("open_to_exchange", Kind::Bool, &[
        "open to exchange students", "open to exchange", "ouvert aux etudiants d echange",
        "ouverte aux etudiants d echange", "ouverte a l echange", "ouverte aux echanges",
        "ouvert a l echange", "exchange students", "etudiants d echange", "abierto a intercambio",
    ]),
    opt("ects", Kind::Count, &["ects", "credits", "credits ects", "ects credits", "creditos"]),
];

#[rustfmt::skip]
pub(super) const WELCOME: &[FieldSpec] = &[
    req("academic_year", Kind::AcademicYear(BareYear::Starts), &[
        "academic year", "annee universitaire", "annee academique", "annee", "curso academico",
        "year",
    ]),
    req("kind", Kind::Vocab(VocabKind::WelcomeKind), &[
        "kind", "type", "service", "type de service", "nature", "dispositif", "tipo",
        "type of service",
    ]),
    req("measure", Kind::Vocab(VocabKind::Measure), &[
        "measure", "mesure", "unite", "unit", "indicateur", "indicator", "unidad",
    ]),
    req("value", Kind::Count, &["value", "valeur", "nombre", "number", "valor"]),
    opt("label", Kind::Text, &[
        "label", "libelle", "description", "intitule", "commentaire", "comment", "detail",
    ]),
];

#[rustfmt::skip]
pub(super) const GRANTS: &[FieldSpec] = &[
    req("project_reference", Kind::Id, &[
        "project reference", "project number", "grant agreement number", "grant agreement",
        "numero de convention", "reference du projet", "numero de projet", "project code",
        "referencia del proyecto", "projet", "project", "convention",
    ]),
    opt("heading", Kind::Vocab(VocabKind::Heading), &[
        "heading", "budget heading", "rubrique", "poste", "poste budgetaire",
        "budget category", "categorie", "partida", "cost category",
    ]),
    req("awarded_eur", Kind::Money, &[
        "awarded", "amount awarded", "awarded amount", "grant awarded", "montant attribue",
        "montant attribue eur", "awarded eur", "amount awarded eur", "montant eur", "grant eur",
        "montant", "budget", "eu grant", "maximum grant amount", "subvention", "importe",
        "importe concedido", "amount",
    ]),
];

//! The canonical tables' fields: name, type, whether required, and the header aliases that
//! find them in French, English and Spanish exports.

use crate::normalise::academic_year::BareYear;
use std::fmt;

/// The six canonical tables.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Deserialize,
    serde::Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// One row per mobility (or per group of participants in aggregated public files).
    Mobilities,
    /// One row per partner institution and agreement.
    Partners,
    /// One row per Erasmus+ KA171 (ICM) project and partner country.
    #[value(name = "icm_projects", alias = "icm-projects")]
    IcmProjects,
    /// The enrolment list: the denominators.
    Students,
    /// The degree programmes: faculty, level, language of instruction (optional).
    Programmes,
    /// The welcome and label register: one row per service figure an office keeps.
    Welcome,
    /// The Erasmus+ grants awarded: one row per project (and budget heading).
    Grants,
}

impl TableKind {
    /// Every table, in the order reports list them.
    pub const ALL: [TableKind; 7] = [
        TableKind::Mobilities,
        TableKind::Partners,
        TableKind::IcmProjects,
        TableKind::Students,
        TableKind::Programmes,
        TableKind::Welcome,
        TableKind::Grants,
    ];

    /// The table's name as written in files and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Mobilities => "mobilities",
            TableKind::Partners => "partners",
            TableKind::IcmProjects => "icm_projects",
            TableKind::Students => "students",
            TableKind::Programmes => "programmes",
            TableKind::Welcome => "welcome",
            TableKind::Grants => "grants",
        }
    }

    /// The fields read from the inputs (derived columns are added by the table builders).
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            TableKind::Mobilities => MOBILITIES,
            TableKind::Partners => PARTNERS,
            TableKind::IcmProjects => ICM_PROJECTS,
            TableKind::Students => STUDENTS,
            TableKind::Programmes => super::fields_dossier::PROGRAMMES,
            TableKind::Welcome => super::fields_dossier::WELCOME,
            TableKind::Grants => super::fields_dossier::GRANTS,
        }
    }

    /// The position of the field with this name in [`TableKind::fields`], if the table has it.
    /// One hash lookup: the row rules ask for a dozen fields by name on every row.
    pub fn field_index(self, name: &str) -> Option<usize> {
        type Positions = std::collections::HashMap<&'static str, usize, foldhash::fast::FixedState>;
        static POSITIONS: std::sync::OnceLock<Vec<Positions>> = std::sync::OnceLock::new();
        let all = POSITIONS.get_or_init(|| {
            TableKind::ALL
                .iter()
                .map(|t| {
                    t.fields()
                        .iter()
                        .enumerate()
                        .map(|(i, f)| (f.name, i))
                        .collect()
                })
                .collect()
        });
        // `ALL` lists the tables in declaration order (tested below).
        all[self as usize].get(name).copied()
    }

    /// The field with this name, if the table has it.
    pub fn field(self, name: &str) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|f| f.name == name)
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text, whitespace-normalised.
    Text,
    /// An identifier: text, and whole numbers written without ".0".
    Id,
    /// A calendar date.
    Date,
    /// Yes or no.
    Bool,
    /// A whole number of people or mobilities.
    Count,
    /// An amount of money in euros.
    Money,
    /// A country, stored as its ISO alpha-2 code.
    Country,
    /// An Erasmus institution code in official form.
    ErasmusCode,
    /// An academic year; a bare calendar year is read as the given end.
    AcademicYear(BareYear),
    /// One of a fixed vocabulary.
    Vocab(VocabKind),
    /// A list (degree programmes, networks), separated by ";", "," or new lines.
    Programmes,
}

/// Which vocabulary a [`Kind::Vocab`] field uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VocabKind {
    Direction,
    Participant,
    Activity,
    Funding,
    Level,
    Agreement,
    StudentStatus,
    Gender,
    InstructionLanguage,
    WelcomeKind,
    Measure,
    Heading,
}

/// One field of a canonical table.
#[derive(Debug)]
pub struct FieldSpec {
    /// Column name in the canonical table.
    pub name: &'static str,
    /// How cells are read.
    pub kind: Kind,
    /// A row without a value here is rejected; a file without the column is refused.
    pub required: bool,
    /// A required column whose cell may be blank all the same (a mobility's end date: blank
    /// while it is under way).
    pub blank_ok: bool,
    /// Header spellings that map to this field (compared after folding).
    pub aliases: &'static [&'static str],
}

pub(super) const fn req(
    name: &'static str,
    kind: Kind,
    aliases: &'static [&'static str],
) -> FieldSpec {
    FieldSpec {
        name,
        kind,
        required: true,
        blank_ok: false,
        aliases,
    }
}

/// A required column whose cells may be blank.
const fn req_blank_ok(
    name: &'static str,
    kind: Kind,
    aliases: &'static [&'static str],
) -> FieldSpec {
    FieldSpec {
        blank_ok: true,
        ..req(name, kind, aliases)
    }
}

pub(super) const fn opt(
    name: &'static str,
    kind: Kind,
    aliases: &'static [&'static str],
) -> FieldSpec {
    FieldSpec {
        name,
        kind,
        required: false,
        blank_ok: false,
        aliases,
    }
}

#[rustfmt::skip]
const PERSON_ID: &[&str] = &[
    "person id", "student id", "id etudiant", "numero etudiant", "n etudiant", "no etudiant",
    "ine", "participant id", "id participant", "id persona", "matricule", "nia", "dni", "staff id",
    "identifiant", "identifiant etudiant", "code etudiant", "numero de dossier", "person number",
];
#[rustfmt::skip]
const PARTNER_NAME: &[&str] = &[
    "partner institution", "partner", "partenaire", "etablissement partenaire",
    "etablissement d accueil", "etablissement d origine", "host institution",
    "universite partenaire", "universite d accueil", "institution", "receiving institution",
    "sending institution", "universidad", "nombre universidad", "universidad de destino",
    "universidad de origen", "institucion", "nom de l etablissement", "university",
    "partner university", "nom partenaire", "institution partenaire", "legal name", "nom", "name",
    "nombre",
    "partner name", "host university", "etablissement",
];
#[rustfmt::skip]
const PARTNER_CODE: &[&str] = &[
    "partner erasmus code", "erasmus code", "code erasmus", "codigo", "codigo erasmus",
    "erasmus id", "code erasmus partenaire", "erasmus code partner", "institution erasmus code",
    "cod univ destino", "codigo universidad",
    "code",
];
#[rustfmt::skip]
const PARTNER_COUNTRY: &[&str] = &[
    "country", "pays", "pays de destination", "pays d accueil", "pays partenaire",
    "pays d origine", "host country", "destination country", "partner country",
    "country of destination", "pais", "pais de destino", "pais de origen", "receiving country",
    "sending country", "country code", "code pays", "land", "pays de l etablissement",
    "country cd", "country name",
];
#[rustfmt::skip]
const PARTNER_CITY: &[&str] = &[
    "city", "ville", "ciudad", "localidad", "partner city", "ville partenaire", "town",
];
#[rustfmt::skip]
const NATIONALITY: &[&str] = &[
    "nationality", "nationalite", "nacionalidad", "citizenship", "pays de nationalite",
];
#[rustfmt::skip]
const HOME_PROGRAMME: &[&str] = &[
    "home programme", "home program", "formation", "filiere", "degree programme", "degree program",
    "programme d etudes", "study programme", "specialite", "departement", "titulacion",
    "diplome prepare", "programme de formation", "cursus", "field of study", "degree", "grado",
    "estudios", "majeure",
];
/// The faculty (school, UFR, department) a mobility or an enrolment belongs to. Not "école"
/// or "school": in mobility lists those name the partner.
#[rustfmt::skip]
const FACULTY: &[&str] = &[
    "faculty", "faculte", "composante", "ufr", "faculte ufr", "ecole interne", "facultad",
    "centro", "department", "home faculty", "faculte de rattachement",
];

#[rustfmt::skip]
const MOBILITIES: &[FieldSpec] = &[
    opt("mobility_id", Kind::Id, &[
        "mobility id", "id mobilite", "identifiant mobilite", "mobility identifier",
        "id movilidad", "mobility number", "n mobilite", "numero de mobilite", "mobility no",
        "id",
    ]),
    opt("person_id", Kind::Id, PERSON_ID),
    req("direction", Kind::Vocab(VocabKind::Direction), &[
        "direction", "sens", "type de flux", "flux", "flow", "in out", "incoming outgoing",
        "sentido", "entrante saliente", "sens de la mobilite", "mobility direction",
        "tipo de flujo",
    ]),
    opt("participant", Kind::Vocab(VocabKind::Participant), &[
        "participant", "participant type", "type de participant", "category", "categorie",
        "public", "tipo de participante", "colectivo", "participant category",
        "statut du participant",
    ]),
    req("activity", Kind::Vocab(VocabKind::Activity), &[
        "activity", "activite", "type de mobilite", "mobility type", "activity type",
        "type d activite", "actividad", "tipo de actividad", "tipo de movilidad",
        "nature de la mobilite", "activity code",
    ]),
    opt("funding", Kind::Vocab(VocabKind::Funding), &[
        "funding", "financement", "programme de financement", "funding programme",
        "programme de mobilite", "mobility programme", "programa de movilidad",
        "exchange programme", "financiacion", "bourse", "grant", "source of funding",
        "source de financement", "dispositif", "programme d echange",
        // A bare "Programme" column in French exports holds Erasmus+/Bilatéral/BCI; when it
        // holds degree programmes, `init` proposes mapping it to home_programme instead.
        "programme", "program", "programa",
    ]),
    opt("double_degree", Kind::Bool, &[
        "double degree", "double diplome", "doble titulacion", "dual degree",
        "double diplomation",
    ]),
    // A doctoral candidate's thesis in cotutelle: a column, or "Cotutelle" as the activity.
    opt("cotutelle", Kind::Bool, &[
        "cotutelle", "these en cotutelle", "cotutelle de these", "doctorat en cotutelle",
        "cotutela", "cotutela de tesis", "joint phd", "cotutelle phd",
    ]),
    opt("home_programme", Kind::Text, HOME_PROGRAMME),
    opt("faculty", Kind::Text, FACULTY),
    opt("level", Kind::Vocab(VocabKind::Level), LEVEL),
    opt("field_of_education", Kind::Text, &[
        "field of education", "isced f", "isced field", "domaine d etudes",
        "domaine de formation", "campo de estudio", "area de estudio", "subject area",
    ]),
    req("partner_name", Kind::Text, PARTNER_NAME),
    opt("partner_erasmus_code", Kind::ErasmusCode, PARTNER_CODE),
    req("partner_country", Kind::Country, PARTNER_COUNTRY),
    opt("partner_city", Kind::Text, PARTNER_CITY),
    opt("nationality", Kind::Country, NATIONALITY),
    opt(
        "gender",
        Kind::Vocab(VocabKind::Gender),
        &["gender", "sex", "sexe", "genre", "sexo", "genero"],
    ),
    req("start_date", Kind::Date, &[
        "start date", "date de debut", "debut", "fecha inicio", "fecha de inicio",
        "date debut", "start", "from", "date d arrivee", "mobility start date", "begin date",
        "arrival date", "debut de mobilite", "date de debut de mobilite", "inicio",
    ]),
    req_blank_ok("end_date", Kind::Date, &[
        "end date", "date de fin", "fin", "fecha fin", "fecha de fin", "date fin", "end", "to",
        "mobility end date", "fin de mobilite", "date de fin de mobilite", "final",
    ]),
    opt("fewer_opportunities", Kind::Bool, &[
        "fewer opportunities", "moins d opportunites", "participant with fewer opportunities",
        "menos oportunidades", "wfo", "participant avec moins d opportunites",
    ]),
    // A participant who goes without an EU grant (the Beneficiary Module's "Zero grant").
    opt("zero_grant", Kind::Bool, &[
        "zero grant", "zero grant participant", "zero eu grant", "bourse zero", "sans bourse",
        "mobilite sans bourse", "beca cero", "participante con beca cero",
    ]),
    // The travel distance as the Commission's distance calculator gives it, in km, or its band.
    opt("distance_km", Kind::Count, &[
        "distance", "distance km", "distance in km", "travel distance", "distance de voyage",
        "distancia", "distancia km",
    ]),
    opt("distance_band", Kind::Text, &[
        "distance band", "travel distance band", "tranche de distance", "banda de distancia",
    ]),
    opt("green_travel", Kind::Bool, &[
        "green travel", "voyage vert", "transport durable", "viaje sostenible", "green",
        "voyage durable",
    ]),
    opt("project_reference", Kind::Id, &[
        "project reference", "projet icm", "icm project", "reference projet",
        "numero de projet", "proyecto", "project", "projet", "project code", "project number",
        "grant agreement number", "reference du projet", "projet erasmus", "erasmus project",
    ]),
    opt("academic_year", Kind::AcademicYear(BareYear::Starts), &[
        "academic year", "annee universitaire", "annee academique", "curso academico",
        "curso", "annee",
    ]),
    opt("duration_days", Kind::Count, &[
        "duration days", "duration calculated days", "duration in days", "mobility duration",
        "duree jours", "duree en jours", "nombre de jours", "duracion dias", "duracion en dias",
        "days", "jours", "dias",
    ]),
    opt("participants", Kind::Count, &[
        "participants", "number of participants", "nombre de participants", "participantes",
        "effectif", "nb participants", "headcount",
    ]),
    // Set by the row rules ("completed" or "ongoing"), never read from a column.
    opt("mobility_status", Kind::Text, &[]),
    opt("funded_days", Kind::Count, &[
        "funded days", "funded duration", "funded duration days", "duree financee",
        "jours finances", "duracion financiada",
    ]),
    opt("interrupted_days", Kind::Count, &[
        "interrupted days", "interrupted duration", "interruption days", "duree d interruption",
        "jours d interruption", "duracion de la interrupcion",
    ]),
];

#[rustfmt::skip]
const PARTNERS: &[FieldSpec] = &[
    req("partner_name", Kind::Text, PARTNER_NAME),
    req("partner_country", Kind::Country, PARTNER_COUNTRY),
    opt("partner_erasmus_code", Kind::ErasmusCode, PARTNER_CODE),
    opt("partner_city", Kind::Text, PARTNER_CITY),
    req("agreement", Kind::Vocab(VocabKind::Agreement), &[
        "agreement", "type d accord", "accord", "agreement type", "type de convention",
        "convention", "tipo de convenio", "convenio", "tipo de acuerdo", "type of agreement",
        "type de partenariat",
    ]),
    // Set from the agreement type when it names a key action ("Erasmus+ KA171").
    opt("funding", Kind::Vocab(VocabKind::Funding), &[
        "funding", "financement", "key action", "action cle", "programme de financement",
        "funding programme",
    ]),
    opt("programmes", Kind::Programmes, &[
        "programmes", "degree programmes", "formations", "filieres", "formations concernees",
        "titulaciones", "programmes covered", "study programmes", "programs",
        "formations ouvertes",
    ]),
    // The networks the partner belongs to with the institution ("ECIU; SGroup").
    opt("networks", Kind::Programmes, &[
        "networks", "network", "reseaux", "reseau", "redes", "red universitaria", "alliances",
        "alliance", "university networks", "reseaux universitaires", "consortium",
    ]),
    opt("valid_from", Kind::AcademicYear(BareYear::Starts), &[
        "valid from", "debut de validite", "valide a partir de", "valido desde", "start year",
        "annee de debut", "from year", "date de signature", "signed",
    ]),
    opt("valid_to", Kind::AcademicYear(BareYear::Ends), &[
        "valid to", "valid until", "fin de validite", "valide jusqu a", "valido hasta",
        "end year", "annee de fin", "expiry", "expiration", "echeance",
    ]),
    opt(
        "status",
        Kind::Text,
        &["status", "statut", "etat", "estado", "agreement status"],
    ),
];

#[rustfmt::skip]
const ICM_PROJECTS: &[FieldSpec] = &[
    req("project_reference", Kind::Id, &[
        "project reference", "project number", "reference", "reference du projet",
        "numero de projet", "project code", "referencia del proyecto", "project id",
        "numero de convention", "grant agreement number", "reference projet", "referencia",
        "projet",
    ]),
    req("partner_country", Kind::Country, PARTNER_COUNTRY),
    opt("partner_name", Kind::Text, PARTNER_NAME),
    opt("budget_eur", Kind::Money, &[
        "budget", "budget eur", "budget en euros", "montant", "grant", "subvention",
        "presupuesto", "amount", "montant alloue", "grant amount", "eu grant", "budget alloue",
    ]),
    opt("planned_mobilities", Kind::Count, &[
        "planned mobilities", "mobilites prevues", "movilidades previstas",
        "number of mobilities", "nombre de mobilites", "mobilities planned", "nb mobilites",
        "mobilites",
    ]),
];

#[rustfmt::skip]
pub(super) const LEVEL: &[&str] = &[
    "level", "niveau", "cycle", "study level", "nivel", "education level", "niveau d etudes",
    "nivel de estudios",
];

#[rustfmt::skip]
const STUDENTS: &[FieldSpec] = &[
    req("person_id", Kind::Id, PERSON_ID),
    opt("home_programme", Kind::Text, HOME_PROGRAMME),
    opt("faculty", Kind::Text, FACULTY),
    opt("graduation_year", Kind::AcademicYear(BareYear::Ends), &[
        "graduation year", "annee de diplomation", "promotion", "promo", "annee de sortie",
        "ano de graduacion", "cohort", "year of graduation", "annee d obtention du diplome",
        "annee de diplome",
    ]),
    opt("enrolled_year", Kind::AcademicYear(BareYear::Starts), &[
        "enrolled year", "annee d inscription", "academic year", "annee universitaire",
        "annee academique", "curso academico", "enrolment year", "enrollment year", "annee",
        "curso",
    ]),
    opt("nationality", Kind::Country, NATIONALITY),
    opt("level", Kind::Vocab(VocabKind::Level), LEVEL),
    opt("status", Kind::Vocab(VocabKind::StudentStatus), &[
        "status", "statut", "student status", "statut etudiant", "type d inscription",
        "regime", "tipo de estudiante", "registration type", "statut d inscription",
    ]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::text::fold;
    use std::collections::HashMap;

    #[test]
    fn all_lists_the_tables_in_declaration_order_and_positions_match() {
        // `field_index` and the rules' cached positions index arrays by `table as usize`.
        for (i, table) in TableKind::ALL.iter().enumerate() {
            assert_eq!(*table as usize, i);
            for (j, field) in table.fields().iter().enumerate() {
                assert_eq!(table.field_index(field.name), Some(j));
            }
        }
    }

    #[test]
    fn no_alias_names_two_fields_of_one_table() {
        for table in TableKind::ALL {
            let mut seen: HashMap<String, &str> = HashMap::new();
            for field in table.fields() {
                for alias in field.aliases.iter().chain(std::iter::once(&field.name)) {
                    if let Some(other) = seen.insert(fold(alias), field.name) {
                        assert_eq!(other, field.name, "{table}: alias {alias:?} is used twice");
                    }
                }
            }
        }
    }

    #[test]
    fn every_table_has_required_fields() {
        for table in TableKind::ALL {
            assert!(table.fields().iter().any(|f| f.required), "{table}");
        }
        assert!(TableKind::Mobilities.field("start_date").unwrap().required);
        assert!(!TableKind::Mobilities.field("funding").unwrap().required);
    }
}

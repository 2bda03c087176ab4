//! The fixed vocabularies of the canonical tables (direction, activity, funding...), each an
//! enum whose aliases in French, English and Spanish live beside it.

use crate::normalise::text::fold;

/// Declares a vocabulary enum with its canonical names and aliases (matched after [`fold`]).
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $canon:literal [$($alias:literal),* $(,)?]),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every spelling read: canonical names and aliases.
            pub const SPELLINGS: &'static [&'static str] = &[$($canon, $($alias,)*)+];

            /// The canonical name written in the tables.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $canon),+ }
            }

            /// Reads a value from its canonical name or one of its aliases, ignoring case,
            /// accents and punctuation.
            pub fn parse(text: &str) -> Option<Self> {
                // Folded once per program run: this sits on the per-cell hot path.
                static MAP: std::sync::OnceLock<std::collections::HashMap<String, $name>> =
                    std::sync::OnceLock::new();
                let map = MAP.get_or_init(|| {
                    let mut map = std::collections::HashMap::new();
                    $(
                        map.entry(fold($canon)).or_insert($name::$variant);
                        $( map.entry(fold($alias)).or_insert($name::$variant); )*
                    )+
                    map
                });
                map.get(&fold(text)).copied()
            }
        }
    };
}

vocabulary!(
    /// Whether the mobility leaves the institution or comes to it.
    Direction {
        Outgoing => "outgoing" ["out", "outbound", "sortant", "sortante", "sortants", "depart", "envoi", "saliente", "salida", "enviado", "outgoing mobility", "mobilite sortante"],
        Incoming => "incoming" ["in", "inbound", "entrant", "entrante", "entrants", "accueil", "arrivee", "llegada", "recibido", "incoming mobility", "mobilite entrante"],
    }
);

vocabulary!(
    /// Who moves: a student or a member of staff.
    Participant {
        Student => "student" ["students", "etudiant", "etudiante", "etudiants", "estudiante", "alumno", "learner", "apprenant", "doctorant", "phd student"],
        Staff => "staff" ["personnel", "staff member", "enseignant", "enseignant chercheur", "teacher", "professor", "professeur", "pdi", "pas", "personal", "profesor", "administratif"],
    }
);

vocabulary!(
    /// What the mobility is for. Erasmus+ activity codes (HE-SMS, HE-SMT, HE-STA, HE-STT,
    /// HE-BIP) are aliases, as the Beneficiary Module writes them.
    Activity {
        Study => "study" ["cotutelle", "these en cotutelle", "cotutelle de these", "doctorat en cotutelle", "cotutela", "cotutela de tesis", "double degree", "double diplome", "double diplomation", "doble titulacion", "dual degree", "studies", "etudes", "etude", "sms", "he sms", "estudios", "semestre d etudes", "study period", "exchange", "echange", "academic exchange", "semester"],
        Traineeship => "traineeship" ["internship", "stage", "sms stage", "smt", "he smt", "smp", "practicas", "placement", "stage a l etranger", "work placement"],
        Teaching => "teaching" ["sta", "he sta", "enseignement", "mission d enseignement", "docencia", "teaching assignment", "visiting professor", "professeur invite"],
        Training => "training" ["stt", "he stt", "formation", "formacion", "staff training", "job shadowing", "staff week"],
        BlendedIntensive => "blended_intensive" ["bip", "he bip", "blended intensive programme", "blended intensive program", "blended intensive", "programme intensif hybride"],
        DoctoralShort => "doctoral_short" ["doctoral short", "short term doctoral mobility", "doctoral mobility", "mobilite doctorale courte", "short doctoral", "he dsm"],
        Other => "other" ["autre", "otro", "others", "divers"],
    }
);

impl Activity {
    /// The Erasmus+ activity type as the Beneficiary Module codes it (HE-SMS study, HE-SMT
    /// traineeship, HE-STA teaching, HE-STT training, HE-BIP blended intensive programme).
    /// Short doctoral mobilities are study or traineeship periods in the 2021-2027 programme
    /// and are coded as study; `other` has no code.
    pub fn erasmus_code(self) -> Option<&'static str> {
        match self {
            Activity::Study | Activity::DoctoralShort => Some("HE-SMS"),
            Activity::Traineeship => Some("HE-SMT"),
            Activity::Teaching => Some("HE-STA"),
            Activity::Training => Some("HE-STT"),
            Activity::BlendedIntensive => Some("HE-BIP"),
            Activity::Other => None,
        }
    }

    /// The participant an activity implies when an export has no participant column.
    pub fn participant(self) -> Participant {
        match self {
            Activity::Teaching | Activity::Training => Participant::Staff,
            _ => Participant::Student,
        }
    }
}

/// Activity labels that mean "a doctoral candidate's stay for a thesis in cotutelle": read as
/// activity study, with the cotutelle flag.
pub fn is_cotutelle_label(text: &str) -> bool {
    may_fold_to_initial(text, b"ctd")
        && matches!(
            fold(text).as_str(),
            "cotutelle"
                | "these en cotutelle"
                | "cotutelle de these"
                | "doctorat en cotutelle"
                | "cotutela"
                | "cotutela de tesis"
        )
}

/// False when `text` cannot fold to a word starting with one of `initials` (lowercase ASCII):
/// the label tests run on every row, and most cells fail them on their first letter, which
/// an ASCII text shows without being folded (a non-ASCII text may fold to anything).
fn may_fold_to_initial(text: &str, initials: &[u8]) -> bool {
    if !text.is_ascii() {
        return true;
    }
    text.bytes()
        .find(u8::is_ascii_alphanumeric)
        .is_none_or(|b| initials.contains(&b.to_ascii_lowercase()))
}

/// Activity labels that mean "a study period towards a double degree": read as activity study
/// with double_degree set.
pub fn is_double_degree_label(text: &str) -> bool {
    may_fold_to_initial(text, b"d")
        && matches!(
            fold(text).as_str(),
            "double degree"
                | "double diplome"
                | "double diplomation"
                | "doble titulacion"
                | "dual degree"
                | "doble grado"
                | "dd"
        )
}

vocabulary!(
    /// How the mobility is funded. The raw label is kept beside it in `funding_label`.
    Funding {
        ErasmusKa131 => "erasmus_ka131" ["ka131", "erasmus ka131", "erasmus ka 131", "erasmus ka131 hed", "erasmus", "erasmus+", "erasmus plus", "ka103", "erasmus ka103"],
        ErasmusKa171 => "erasmus_ka171" ["ka171", "erasmus ka171", "erasmus ka 171", "icm", "erasmus icm", "international credit mobility", "mobilite internationale de credits", "ka107", "erasmus ka107"],
        Bilateral => "bilateral" ["bilateral agreement", "accord bilateral", "convention bilaterale", "convenio bilateral", "bilateral exchange", "echange bilateral"],
        Bci => "bci" ["bourse bci", "programme bci", "bci quebec", "conference des recteurs bci"],
        Fitec => "fitec" ["brafitec", "arfitec", "mexfitec", "chilfitec"],
        Isep => "isep" ["isep exchange", "programme isep"],
        National => "national" ["bourse nationale", "bourse region", "region", "ministere", "aide a la mobilite internationale", "amie", "national grant", "beca nacional", "state grant"],
        Other => "other" ["autre", "otro", "other funding", "autre financement"],
        None => "none" ["no funding", "sans financement", "aucun", "aucune", "sin financiacion", "free mover", "self funded", "non finance"],
    }
);

impl Funding {
    /// Reads a funding label, falling back to the programme names that appear inside longer
    /// labels ("Erasmus+ KA171 Ukraine 2023", "BRAFITEC 2024").
    pub fn parse_label(text: &str) -> Option<Self> {
        if let Some(f) = Self::parse(text) {
            return Some(f);
        }
        let key = fold(text);
        let has = |word: &str| key.split(' ').any(|w| w == word) || key.contains(word);
        if has("ka171") || has("ka107") || key.contains("international credit") {
            Some(Funding::ErasmusKa171)
        } else if has("ka131") || has("ka103") {
            Some(Funding::ErasmusKa131)
        } else if key.contains("fitec") {
            Some(Funding::Fitec)
        } else if key.split(' ').any(|w| w == "isep") {
            Some(Funding::Isep)
        } else if key.split(' ').any(|w| w == "bci") {
            Some(Funding::Bci)
        } else if key.contains("bilateral") {
            Some(Funding::Bilateral)
        } else if key.starts_with("erasmus") {
            Some(Funding::ErasmusKa131)
        } else {
            None
        }
    }
}

vocabulary!(
    /// Level of study.
    Level {
        Bachelor => "bachelor" ["licence", "grado", "undergraduate", "bsc", "ba", "bachelor s", "premier cycle", "cycle 1", "l3", "eqf 6"],
        Master => "master" ["msc", "ma", "master s", "masters", "mastere", "ingenieur", "cycle ingenieur", "diplome d ingenieur", "second cycle", "cycle 2", "eqf 7", "postgraduate"],
        Doctorate => "doctorate" ["phd", "doctorat", "doctorado", "doctoral", "third cycle", "cycle 3", "eqf 8"],
    }
);

vocabulary!(
    /// The kind of agreement a partner holds with the institution.
    Agreement {
        Erasmus => "erasmus" ["erasmus+", "erasmus plus", "erasmus ka131", "erasmus ka171", "erasmus ka103", "erasmus ka107", "erasmus plus ka131", "erasmus plus ka171", "ka131", "ka171", "erasmus icm", "inter institutional agreement", "iia", "accord erasmus", "convenio erasmus", "erasmus agreement"],
        Bilateral => "bilateral" ["bilateral agreement", "accord bilateral", "convention bilaterale", "convenio bilateral", "accord cadre", "framework agreement", "exchange agreement"],
        DoubleDegree => "double_degree" ["double degree", "double diplome", "double diplomation", "doble titulacion", "dual degree", "joint degree", "dd"],
        Cotutelle => "cotutelle" ["convention de cotutelle", "accord de cotutelle", "cotutelle de these", "these en cotutelle", "cotutela", "convenio de cotutela", "cotutelle agreement", "joint phd", "joint doctorate"],
        Network => "network" ["reseau", "red", "isep", "n i", "time", "t i m e", "consortium", "network agreement"],
        Other => "other" ["autre", "otro", "mou", "memorandum of understanding"],
    }
);

vocabulary!(
    /// The language a degree programme is taught in.
    InstructionLanguage {
        French => "french" ["francais", "fr", "french only", "en francais", "frances"],
        English => "english" ["anglais", "en", "english only", "en anglais", "ingles", "taught in english"],
        Bilingual => "bilingual" ["bilingue", "francais anglais", "french english", "anglais francais", "english french", "fr en", "en fr", "mixte", "mixed"],
    }
);

vocabulary!(
    /// The kind of a welcome-register figure (the Bienvenue en France label's services).
    WelcomeKind {
        FleCourse => "fle_course" ["fle", "cours de fle", "francais langue etrangere", "french as a foreign language", "french course", "cours de francais", "french language course", "cours de langue francaise"],
        BuddyProgramme => "buddy_programme" ["buddy", "buddy programme", "buddy program", "parrainage", "tandem", "mentorat", "mentoring"],
        WelcomeDesk => "welcome_desk" ["guichet", "guichet unique", "guichet d accueil", "welcome desk", "bureau d accueil", "accueil", "welcome office", "help desk"],
        OrientationEvent => "orientation_event" ["orientation", "journee d accueil", "welcome day", "welcome week", "semaine d integration", "integration", "orientation day", "orientation week"],
        Housing => "housing" ["logement", "logements", "hebergement", "residence", "accommodation", "alojamiento"],
        AlumniFollowUp => "alumni_follow_up" ["alumni", "anciens", "suivi des diplomes", "suivi des anciens", "follow up", "alumni follow up", "reseau des anciens"],
        Information => "information" ["info", "informations", "site web", "site internet", "website", "web pages", "pages web", "brochure", "guide", "guide d accueil", "welcome guide", "salon", "salons", "fair", "fairs", "education fair", "salon etudiant", "webinaire", "webinar", "reunion d information", "information session", "informacion"],
        CampusLife => "campus_life" ["vie de campus", "campus life", "vie etudiante", "student life", "associations", "association", "sport", "sports", "culture", "activites culturelles", "cultural activities", "vida universitaria"],
        Other => "other" ["autre", "otro"],
    }
);

vocabulary!(
    /// A heading of an Erasmus+ mobility project's budget, as grant agreements and the
    /// Beneficiary Module name them.
    Heading {
        OrganisationalSupport => "organisational_support" ["organisational support", "organizational support", "os", "soutien organisationnel", "frais d organisation", "apoyo organizativo"],
        IndividualSupport => "individual_support" ["individual support", "soutien individuel", "bourses", "apoyo individual", "subsistence"],
        Travel => "travel" ["voyage", "frais de voyage", "viaje", "travel costs"],
        InclusionSupport => "inclusion_support" ["inclusion support", "soutien a l inclusion", "apoyo a la inclusion", "inclusion support for participants"],
        TopUps => "top_ups" ["top up", "top ups", "complements", "complement", "suplementos"],
        Total => "total" ["total", "all", "grant", "total grant", "montant total", "subvention totale"],
    }
);

vocabulary!(
    /// What a welcome-register figure counts.
    Measure {
        Hours => "hours" ["heures", "h", "horas", "hour"],
        Places => "places" ["places", "lits", "beds", "plazas", "place", "capacity", "capacite"],
        Participants => "participants" ["participants", "inscrits", "beneficiaires", "people", "personnes", "participantes"],
        Contacts => "contacts" ["contacts", "demandes", "requests", "visites", "visits", "contactos"],
        Events => "events" ["evenements", "sessions", "events", "evenement", "eventos", "seances"],
    }
);

vocabulary!(
    /// Whether an enrolled student is on a degree course or on an exchange.
    StudentStatus {
        Degree => "degree" ["degree student", "full degree", "regular", "diplome", "diplomant", "inscrit", "cursus", "formation initiale", "estudiante regular", "titulacion"],
        Exchange => "exchange" ["exchange student", "echange", "etudiant d echange", "intercambio", "erasmus", "visiting", "mobilite entrante", "free mover", "incoming exchange"],
    }
);

vocabulary!(
    /// Gender as written in the exports, reduced to the Beneficiary Module's three values.
    Gender {
        Female => "F" ["female", "femme", "feminin", "f", "mujer", "w", "woman", "mme", "madame"],
        Male => "M" ["male", "homme", "masculin", "m", "hombre", "h", "v", "man", "mr", "monsieur"],
        Undefined => "X" ["other", "autre", "non binary", "undefined", "non binaire", "otro", "diverse", "divers"],
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_tests_skip_folding_only_what_cannot_match() {
        assert!(is_double_degree_label(" Double-Degree "));
        assert!(is_double_degree_label("DD"));
        // Not ASCII: folded, so that "Ďouble degree" still reads as "double degree".
        assert!(is_double_degree_label("Ďouble degree"));
        assert!(!is_double_degree_label("Study"));
        assert!(is_cotutelle_label("Thèse en cotutelle"));
        assert!(is_cotutelle_label("thesE en cotutelle"));
        assert!(is_cotutelle_label("Doctorat en cotutelle"));
        assert!(!is_cotutelle_label("Traineeship"));
        assert!(!may_fold_to_initial("  42 days", b"d"));
        assert!(may_fold_to_initial("--", b"d"));
    }

    #[test]
    fn aliases_in_three_languages() {
        assert_eq!(Direction::parse("Sortant"), Some(Direction::Outgoing));
        assert_eq!(Direction::parse("OUT"), Some(Direction::Outgoing));
        assert_eq!(Direction::parse("Départ"), Some(Direction::Outgoing));
        assert_eq!(Direction::parse("Entrante"), Some(Direction::Incoming));
        assert_eq!(Activity::parse("Études"), Some(Activity::Study));
        assert_eq!(Activity::parse("SMS"), Some(Activity::Study));
        assert_eq!(Activity::parse("HE-SMS"), Some(Activity::Study));
        assert_eq!(Activity::parse("Stage"), Some(Activity::Traineeship));
        assert_eq!(Activity::parse("SMT"), Some(Activity::Traineeship));
        assert_eq!(Activity::parse("STA"), Some(Activity::Teaching));
        assert_eq!(Activity::parse("HE-STT"), Some(Activity::Training));
        assert_eq!(Activity::parse("BIP"), Some(Activity::BlendedIntensive));
        assert_eq!(Activity::parse("dance"), None);
        assert!(is_double_degree_label("Double diplôme"));
        assert!(is_double_degree_label("Double degree"));
    }

    #[test]
    fn activity_implies_participant() {
        assert_eq!(Activity::Teaching.participant(), Participant::Staff);
        assert_eq!(Activity::Traineeship.participant(), Participant::Student);
    }

    #[test]
    fn funding_labels_inside_longer_text() {
        assert_eq!(
            Funding::parse_label("Erasmus+ KA131"),
            Some(Funding::ErasmusKa131)
        );
        assert_eq!(
            Funding::parse_label("Erasmus+ KA171 Ukraine 2023"),
            Some(Funding::ErasmusKa171)
        );
        assert_eq!(Funding::parse_label("BRAFITEC 2024"), Some(Funding::Fitec));
        assert_eq!(
            Funding::parse_label("Bilateral agreement"),
            Some(Funding::Bilateral)
        );
        assert_eq!(Funding::parse_label("No funding"), Some(Funding::None));
        assert_eq!(Funding::parse_label("BCI"), Some(Funding::Bci));
        assert_eq!(Funding::parse_label("Mystery fund"), None);
        assert_eq!(Funding::ErasmusKa171.as_str(), "erasmus_ka171");
    }

    #[test]
    fn other_vocabularies() {
        assert_eq!(
            Agreement::parse("Double diplôme"),
            Some(Agreement::DoubleDegree)
        );
        assert_eq!(Level::parse("Licence"), Some(Level::Bachelor));
        assert_eq!(
            StudentStatus::parse("Échange"),
            Some(StudentStatus::Exchange)
        );
        assert_eq!(Gender::parse("Femme"), Some(Gender::Female));
        assert_eq!(Participant::parse("Personnel"), Some(Participant::Staff));
    }
}

//! The words the files use for activities, fundings, levels, genders and yes/no: French in
//! the school's own files, English in the Mobility-Online export.

use crate::mobility::{Activity, Funding, Level};
use crate::people::Gender;
use crate::reference::PROGRAMMES;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    fn choose(self, (fr, en): (&'static str, &'static str)) -> &'static str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// The activity of a student mobility (staff files type their own labels).
    pub fn activity(self, activity: Activity) -> &'static str {
        self.choose(match activity {
            Activity::Study => ("Études", "Study"),
            Activity::Traineeship => ("Stage", "Traineeship"),
            Activity::DoubleDegree => ("Double diplôme", "Double degree"),
            Activity::Bip => ("Programme intensif hybride", "Blended intensive programme"),
            other => unreachable!("student files do not list {other:?}"),
        })
    }

    pub fn funding(self, funding: Funding) -> &'static str {
        self.choose(match funding {
            Funding::Ka131 => ("Erasmus+ KA131", "Erasmus+ KA131"),
            Funding::Ka171 => ("Erasmus+ KA171", "Erasmus+ KA171"),
            Funding::Bilateral => ("Accord bilatéral", "Bilateral agreement"),
            Funding::Bci => ("BCI", "BCI"),
            Funding::Brafitec => ("BRAFITEC", "BRAFITEC"),
            Funding::Isep => ("ISEP", "ISEP"),
            Funding::Unfunded => ("Aucun", "No funding"),
        })
    }

    pub fn level(self, level: Level) -> &'static str {
        self.choose(match level {
            Level::Bachelor => ("Licence", "Bachelor"),
            Level::Master => ("Master", "Master"),
            Level::Doctorate => ("Doctorat", "Doctorate"),
        })
    }

    pub fn gender(self, gender: Gender) -> &'static str {
        self.choose(match gender {
            Gender::F => ("F", "Female"),
            Gender::M => ("M", "Male"),
            Gender::X => ("X", "Undefined"),
        })
    }

    pub fn yes_no(self, b: bool) -> &'static str {
        self.choose(if b { ("Oui", "Yes") } else { ("Non", "No") })
    }

    pub fn programme(self, programme: usize) -> &'static str {
        let (fr, en, _) = PROGRAMMES[programme];
        self.choose((fr, en))
    }
}

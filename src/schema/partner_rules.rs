//! The partners table's row rules: the institution key that counts a partner once, whether
//! an agreement's status is in force, validity years in order, a partner named by its code,
//! and the funding an agreement type's key action ("Erasmus+ KA171") gives.

use super::fields::TableKind;
use super::parse::Value;
use super::rules::{at, name_by_code, RowProblem};
use super::vocab::Funding;
use crate::i18n::Message;
use crate::normalise::text::fold;
use crate::validate::{Rule, Severity};

/// Statuses (folded) of agreements that are not in force: ended, suspended, or not yet signed.
/// Any other status, or none, counts as active; the validity years decide the rest.
#[rustfmt::skip]
const INACTIVE_STATUSES: &[&str] = &[
    "inactif", "inactive", "non actif", "not active", "expire", "expiree", "expired", "echu",
    "echue", "termine", "terminee", "terminated", "ended", "finished", "resilie", "resiliee",
    "suspendu", "suspendue", "suspended", "annule", "annulee", "cancelled", "canceled", "clos",
    "close", "closed", "ferme", "fermee", "archive", "archivee", "archived", "caduc", "caduque",
    "non renouvele", "not renewed", "en negociation", "in negotiation", "negociation", "draft",
    "brouillon", "pending", "en attente", "en cours de signature", "inactivo", "inactiva",
    "caducado", "vencido", "finalizado", "cancelado", "suspendido", "en negociacion", "borrador",
    "pendiente", "baja",
];

/// Whether an agreement status means the agreement is in force.
pub fn status_is_active(status: &str) -> bool {
    !INACTIVE_STATUSES.contains(&fold(status).as_str())
}

/// The key that identifies a partner institution across rows and files: its Erasmus code
/// when it has one, else its folded name and country ("universidad de chile|CL").
pub fn partner_key(
    code: Option<&str>,
    name: Option<&str>,
    country: Option<&str>,
) -> Option<String> {
    if let Some(code) = code.filter(|c| !c.is_empty()) {
        return Some(code.to_string());
    }
    let name = fold(name?);
    (!name.is_empty()).then(|| format!("{name}|{}", country.unwrap_or_default()))
}

pub(super) fn partner(
    values: &mut [Value],
    raw: &dyn Fn(&str) -> Option<String>,
    extras: &mut Vec<Value>,
    problems: &mut Vec<RowProblem>,
) {
    let t = TableKind::Partners;
    name_by_code(t, values, problems);
    // An agreement type naming a key action ("Erasmus+ KA171") is an Erasmus agreement (the
    // vocabulary reads it so) funded by that action, unless a funding column says otherwise.
    let funding = at!(t, "funding");
    if values[funding].is_null() {
        let key_action = raw("agreement").map(|a| fold(&a)).and_then(|a| match () {
            _ if a.split(' ').any(|w| matches!(w, "ka171" | "ka107" | "icm")) => {
                Some(Funding::ErasmusKa171)
            }
            _ if a.split(' ').any(|w| matches!(w, "ka131" | "ka103")) => {
                Some(Funding::ErasmusKa131)
            }
            _ => None,
        });
        if let Some(f) = key_action {
            values[funding] = Value::Text(f.as_str().to_string());
        }
    }
    let key = partner_key(
        values[at!(t, "partner_erasmus_code")].text(),
        values[at!(t, "partner_name")].text(),
        values[at!(t, "partner_country")].text(),
    );
    extras.push(key.map(Value::Text).unwrap_or_default());
    let active = values[at!(t, "status")].text().is_none_or(status_is_active);
    extras.push(Value::Bool(active));
    let from = values[at!(t, "valid_from")].text().map(str::to_string);
    let to = values[at!(t, "valid_to")].text().map(str::to_string);
    if let (Some(from), Some(to)) = (from, to) {
        // "2021-2022" strings compare in year order.
        if to < from {
            problems.push(RowProblem {
                field: Some("valid_to"),
                severity: Severity::Warning,
                rule: Rule::InvalidValue,
                message: Message::new("row.agreement_ends_before")
                    .with("to", &to)
                    .with("from", &from),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_key_and_status() {
        assert_eq!(
            partner_key(Some("I  ROMA01"), Some("Sapienza"), Some("IT")).as_deref(),
            Some("I  ROMA01")
        );
        assert_eq!(
            partner_key(None, Some("Universidad de Chile"), Some("CL")).as_deref(),
            Some("universidad de chile|CL")
        );
        assert_eq!(partner_key(None, None, Some("CL")), None);
        assert!(status_is_active("Actif"));
        assert!(status_is_active("Signed"));
        assert!(!status_is_active("Expiré"));
        assert!(!status_is_active("EN NÉGOCIATION"));
    }
}

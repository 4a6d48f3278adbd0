//! The certificate's own words.

use crate::domain::Language;

pub(super) struct Labels {
    pub title: &'static str,
    pub certifies: &'static str,
    pub completed: &'static str,
    pub on_date: &'static str,
    pub valid_until: &'static str,
    pub issued_by: &'static str,
    pub code: &'static str,
    pub verify: &'static str,
    pub qr_alt: &'static str,
}

pub(super) fn labels(lang: Language) -> Labels {
    match lang {
        Language::Sv => Labels {
            title: "Intyg",
            certifies: "Härmed intygas att",
            completed: "har genomfört kursen",
            on_date: "Genomförd",
            valid_until: "Giltigt till och med",
            issued_by: "Utfärdat av",
            code: "Verifieringskod",
            verify: "Kontrollera intyget på",
            qr_alt: "QR-kod med adressen där intyget kan kontrolleras:",
        },
        Language::En => Labels {
            title: "Certificate",
            certifies: "This is to certify that",
            completed: "has completed the course",
            on_date: "Completed",
            valid_until: "Valid until",
            issued_by: "Issued by",
            code: "Verification code",
            verify: "Check this certificate at",
            qr_alt: "QR code of the address where the certificate can be checked:",
        },
    }
}

pub use crate::domain::format::long_date;

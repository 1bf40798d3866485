//! What a passport's chip lets its holder do beyond travelling on it.

use crate::passport::PassportKind;

code_enum! {
    /// Something an electronic passport (e-paspor) allows.
    pub enum Benefit {
        /// Automatic border gates at airports that read the chip.
        Autogate => "autogate",
        /// Registration for visa waivers that require an e-passport (e.g. Japan's).
        VisaWaiverRegistration => "visa_waiver_registration",
    }
}

/// The benefits of a book of `kind`: all of them for an electronic passport, none for a
/// non-electronic one.
#[must_use]
pub const fn benefits(kind: PassportKind) -> &'static [Benefit] {
    if kind.has_chip() { &Benefit::ALL } else { &[] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        crate::code::assert_codes(&Benefit::ALL, Benefit::as_str);
    }

    #[test]
    fn only_the_chip_brings_benefits() {
        assert_eq!(
            benefits(PassportKind::Electronic),
            [Benefit::Autogate, Benefit::VisaWaiverRegistration]
        );
        assert!(benefits(PassportKind::NonElectronic).is_empty());
    }
}

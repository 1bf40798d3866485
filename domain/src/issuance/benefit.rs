//! What a passport's chip brings its holder beyond travelling on it: shown when a kind is
//! chosen (the quote, the draft) and on the passport issued.

use crate::passport::PassportKind;

code_enum! {
    /// Something an electronic passport (e-paspor) allows.
    pub enum Benefit {
        /// A chip holding the holder's data and biometrics (face, fingerprints), which makes
        /// the book harder to forge.
        BiometricChip => "biometric_chip",
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
            [
                Benefit::BiometricChip,
                Benefit::Autogate,
                Benefit::VisaWaiverRegistration
            ]
        );
        assert!(benefits(PassportKind::NonElectronic).is_empty());
    }
}

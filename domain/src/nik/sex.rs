//! Sex as recorded on the identity card, which the NIK encodes in its day digits.

code_enum! {
    /// Sex as on the identity card (KTP).
    pub enum Sex {
        Male => "male",
        Female => "female",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        crate::code::assert_codes(&Sex::ALL, Sex::as_str);
    }
}

//! The service's status as the app shows it on every screen: normal, degraded (some things
//! slow or unavailable) or under maintenance, with a short message a system admin writes in
//! each language.

code_enum! {
    /// How the service is running.
    pub enum ServiceState {
        /// Everything works.
        Normal => "normal",
        /// Working, but some parts are slow or unavailable (a payment channel late, say).
        Degraded => "degraded",
        /// Down for planned work; offices take walk-ins.
        Maintenance => "maintenance",
    }
}

/// The longest message in one language, in characters: a banner on a phone, not an essay.
pub const MAX_STATUS_MESSAGE_CHARS: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for state in ServiceState::ALL {
            assert_eq!(state.as_str().parse::<ServiceState>().unwrap(), state);
        }
        assert!("down".parse::<ServiceState>().is_err());
    }
}

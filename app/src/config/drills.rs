//! Faults injected for drills: `PASPOR_FAULT_AFTER_COMMIT`.

use super::Environment;

/// `PASPOR_FAULT_AFTER_COMMIT`: `off` (the default) or `abort`, which production refuses.
pub(super) fn fault_after_commit(
    value: Option<&str>,
    environment: Environment,
    problems: &mut Vec<String>,
) -> crate::faults::AfterCommit {
    use crate::faults::AfterCommit;
    match value {
        None | Some("off") => AfterCommit::Off,
        Some("abort") if environment == Environment::Production => {
            problems.push(
                "PASPOR_FAULT_AFTER_COMMIT=abort is a drill's fault and is refused in production"
                    .to_owned(),
            );
            AfterCommit::Off
        }
        Some("abort") => AfterCommit::Abort,
        Some(other) => {
            problems.push(format!(
                "PASPOR_FAULT_AFTER_COMMIT is {other:?}: it must be `off` or `abort`"
            ));
            AfterCommit::Off
        }
    }
}

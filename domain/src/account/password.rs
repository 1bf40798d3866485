//! The password rule: a length range and a list of common passwords, nothing more.
//!
//! Following NIST SP 800-63B: at least 8 characters, long passphrases allowed, no
//! composition rules (they push people to `Password1!`), and a refusal of passwords known to
//! be common. The list is Django's 20,000 most common passwords, cut to the lengths this rule
//! does not already refuse (see `domain/data/README.md`). Lengths count characters (Unicode
//! scalar values), not bytes, so a passphrase in any script is measured as people see it.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The most characters a password may have: enough for any passphrase, small enough that
/// hashing it costs nothing extra.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// The common passwords of 8 to 128 characters, lowercased, one per line.
static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .filter(|line| !line.is_empty())
        .collect()
});

/// Why a password is refused. The messages read as the reason of a form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("must be at least {min} characters")]
    TooShort { min: usize },
    #[error("must be at most {max} characters")]
    TooLong { max: usize },
    #[error("is one of the most common passwords; choose another")]
    Common,
}

/// Checks a new password: its length in characters, then the common-password list
/// (compared case-insensitively). The password is taken as given, nothing trimmed.
pub fn check_password(password: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort {
            min: MIN_PASSWORD_CHARS,
        });
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordError::TooLong {
            max: MAX_PASSWORD_CHARS,
        });
    }
    if COMMON_PASSWORDS.contains(password.to_lowercase().as_str()) {
        return Err(PasswordError::Common);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHORT: PasswordError = PasswordError::TooShort { min: 8 };
    const LONG: PasswordError = PasswordError::TooLong { max: 128 };

    #[test]
    fn length_boundaries() {
        let cases = [
            (String::new(), Err(SHORT)),
            ("x7#kq2!".to_owned(), Err(SHORT)), // 7
            ("x7#kq2!v".to_owned(), Ok(())),    // 8
            ("x7#kq2!v".repeat(16), Ok(())),    // 128
            (format!("{}z", "x7#kq2!v".repeat(16)), Err(LONG)), // 129
            ("x7#kq2!v".repeat(100), Err(LONG)),
            // Characters, not bytes: 7 two-byte characters (14 bytes) are too short, 8 are
            // enough; 128 four-byte characters (512 bytes) are allowed, 129 are not.
            ("ééééééé".to_owned(), Err(SHORT)),
            ("éçàüöñßé".to_owned(), Ok(())),
            ("パスワードは長い".to_owned(), Ok(())),
            ("🐉".repeat(7), Err(SHORT)),
            ("🐉".repeat(8), Ok(())),
            ("🐉".repeat(128), Ok(())),
            ("🐉".repeat(129), Err(LONG)),
            // Combining marks are characters of their own: "é" as e + U+0301 counts 2.
            ("e\u{301}e\u{301}e\u{301}e\u{301}".to_owned(), Ok(())),
            // Spaces count and are kept: a passphrase.
            ("correct horse battery staple".to_owned(), Ok(())),
            ("       a".to_owned(), Ok(())),
        ];
        for (password, expected) in cases {
            assert_eq!(check_password(&password), expected, "{password:?}");
        }
    }

    #[test]
    fn common_passwords_in_any_case() {
        let cases = [
            "password",
            "PASSWORD",
            "Password",
            "PassWord1",
            "12345678",
            "123456789",
            "iloveyou",
            "ILoveYou",
            "qwertyuiop",
            "QwErTyUiOp",
            "sunshine",
            "football",
            "baseball1",
        ];
        for password in cases {
            assert_eq!(
                check_password(password),
                Err(PasswordError::Common),
                "{password:?}"
            );
        }
        // Near misses of common passwords are not refused: no fuzzy matching.
        for password in ["password!x", "Pa55word-Jakarta", "12345678 9", "sunshine  "] {
            assert_eq!(check_password(password), Ok(()), "{password:?}");
        }
        // A short common password is refused for its length first.
        assert_eq!(check_password("123456"), Err(SHORT));
    }

    #[test]
    fn the_list_is_as_described() {
        let raw = include_str!("../../data/common-passwords.txt");
        let lines: Vec<&str> = raw.lines().collect();
        assert!(lines.len() > 8_000, "{} lines", lines.len());
        assert_eq!(
            COMMON_PASSWORDS.len(),
            lines.len(),
            "duplicates in the list"
        );
        for line in lines {
            let chars = line.chars().count();
            assert!(
                (MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&chars),
                "{line:?}"
            );
            assert_eq!(line, line.to_lowercase(), "not lowercase");
            assert_eq!(line, line.trim(), "surrounding whitespace");
            assert_eq!(check_password(line), Err(PasswordError::Common), "{line:?}");
        }
    }

    #[test]
    fn messages() {
        assert_eq!(SHORT.to_string(), "must be at least 8 characters");
        assert_eq!(LONG.to_string(), "must be at most 128 characters");
        assert_eq!(
            PasswordError::Common.to_string(),
            "is one of the most common passwords; choose another"
        );
    }
}

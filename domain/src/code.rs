//! Wire codes for the domain's enums.
//!
//! Every enum that crosses the wire (JSON, database text columns, query strings) has one
//! stable `snake_case` code per variant. The `code_enum!` macro writes the enum together with
//! its `as_str`, `FromStr`, `Display` and `ALL`, so that the code is spelled once and the
//! serde name, the database text and the parser can never drift apart.

/// A code that names no variant of the enum it was parsed as.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown code: {0:?}")]
pub struct UnknownCode(pub String);

impl UnknownCode {
    /// The offending string, as it was given.
    #[must_use]
    pub fn code(&self) -> &str {
        &self.0
    }
}

/// Declares a public code enum: `Variant => "code"` pairs, codes in `snake_case`.
///
/// The codes are written out (rather than derived) so that `as_str` can be a `const fn`;
/// a test in each module checks them against serde's `rename_all = "snake_case"`.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [Self; [$($code),+].len()] = [$(Self::$variant),+];

            /// The stable `snake_case` code of this variant.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::UnknownCode;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok(Self::$variant),)+
                    _ => Err($crate::UnknownCode(s.to_owned())),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Test helper: every code of `E` round-trips through `FromStr` and through serde.
#[cfg(test)]
pub(crate) fn assert_codes<E>(all: &[E], as_str: fn(E) -> &'static str)
where
    E: Copy
        + PartialEq
        + core::fmt::Debug
        + core::fmt::Display
        + core::str::FromStr<Err = UnknownCode>
        + for<'de> serde::Deserialize<'de>,
{
    use serde::de::IntoDeserializer as _;

    let mut seen = std::collections::HashSet::new();
    for &v in all {
        let code = as_str(v);
        assert!(seen.insert(code), "duplicate code {code}");
        assert!(
            !code.is_empty()
                && code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{code} is not snake_case"
        );
        assert_eq!(code.parse::<E>(), Ok(v));
        assert_eq!(v.to_string(), code);
        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            code.into_deserializer();
        assert_eq!(E::deserialize(de), Ok(v), "serde name of {v:?} differs");
    }
    let err = "No Such Code".parse::<E>().unwrap_err();
    assert_eq!(err.to_string(), "unknown code: \"No Such Code\"");
}

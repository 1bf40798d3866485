//! Mirrors of the domain's code enums that carry an OpenAPI schema.
//!
//! The domain must not know utoipa, and the orphan rule forbids implementing `ToSchema` for
//! its types here, so each wire enum is declared once with `wire_enum!`, which writes the
//! mirror and its conversions both ways. The codes come from serde's `snake_case`, exactly
//! as in the domain; a test checks every variant round-trips through the domain's code.

/// Declares `Dto => domain::Type { Variant, Other = "code", ... }` (a code only where serde's
/// `snake_case` would differ from the domain's) with `ToSchema` and `From` both ways. The
/// code is taken as a token tree: as a `literal` fragment, utoipa does not see the rename
/// and publishes its own spelling (a test compares the schema with serde).
macro_rules! wire_enum {
    ($(#[$meta:meta])* $dto:ident => $domain:path { $($variant:ident $(= $code:tt)?),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $dto {
            $($(#[serde(rename = $code)])? $variant),+
        }

        impl From<$domain> for $dto {
            fn from(value: $domain) -> Self {
                use $domain as Domain;
                match value {
                    $(Domain::$variant => $dto::$variant),+
                }
            }
        }

        impl From<$dto> for $domain {
            fn from(value: $dto) -> Self {
                use $domain as Domain;
                match value {
                    $($dto::$variant => Domain::$variant),+
                }
            }
        }

        impl $dto {
            /// Every variant, for the round-trip test against the domain's codes.
            pub const ALL: &'static [$dto] = &[$($dto::$variant),+];
        }
    };
}

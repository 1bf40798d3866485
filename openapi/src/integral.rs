//! Integers as JSON Schema means them: a number with no fractional part, so `5.0` is the
//! integer 5 (JSON Schema 2020-12, "integer"). serde reads `5.0` into a `u32` as an error;
//! the fields the document types as `integer` read through these instead, from JSON numbers
//! and from query-string text alike. Anything else (a fraction, a string of letters, a
//! value out of the type's range) is refused as before.

use serde::de::{self, Deserializer, Visitor};

/// An integer in `i64`'s range, from an integral number, or (in a query string, where
/// every value is text) from its text.
struct Integral {
    text: bool,
}

impl Visitor<'_> for Integral {
    type Value = i64;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
        i64::try_from(value).map_err(|_| E::custom(format!("{value} is too large")))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
        // Within ±2^53 every integral f64 is exact, and the cast cannot saturate.
        if value.fract() == 0.0 && value.abs() <= 9_007_199_254_740_992.0 {
            #[expect(clippy::cast_possible_truncation, reason = "integral and in range")]
            Ok(value as i64)
        } else {
            Err(E::invalid_type(de::Unexpected::Float(value), &self))
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<i64, E> {
        if !self.text {
            return Err(E::invalid_type(de::Unexpected::Str(value), &self));
        }
        match value.parse::<i64>() {
            Ok(number) => Ok(number),
            Err(_) => match value.parse::<f64>() {
                Ok(number) if number.is_finite() => self.visit_f64(number),
                _ => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
            },
        }
    }
}

fn integral<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(Integral { text: false })
}

fn integral_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(Integral { text: true })
}

fn narrow<T: TryFrom<i64>, E: de::Error>(value: i64) -> Result<T, E> {
    T::try_from(value).map_err(|_| E::custom(format!("{value} is out of range")))
}

/// An `i64` field of a JSON body.
pub fn i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    integral(deserializer)
}

/// A `u32` field of a JSON body.
pub fn u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    narrow(integral(deserializer)?)
}

/// An optional `u32` field of a JSON body (absent or `null` is `None`).
pub fn option_u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "integral")] i64);
    let value: Option<Wrapped> = serde::Deserialize::deserialize(deserializer)?;
    value.map(|Wrapped(value)| narrow(value)).transpose()
}

/// An optional `u32` query parameter.
pub fn query_option_u32<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u32>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "integral_text")] i64);
    let value: Option<Wrapped> = serde::Deserialize::deserialize(deserializer)?;
    value.map(|Wrapped(value)| narrow(value)).transpose()
}

/// An optional `u32` field of a patch: left out is `None`, `null` is `Some(None)`, a number
/// `Some(Some(n))` (with `#[serde(default)]`).
pub fn present_option_u32<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<u32>>, D::Error> {
    option_u32(deserializer).map(Some)
}

/// A list of `u32`s of a JSON body.
pub fn vec_u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u32>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "integral")] i64);
    let values: Vec<Wrapped> = serde::Deserialize::deserialize(deserializer)?;
    values
        .into_iter()
        .map(|Wrapped(value)| narrow(value))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Body {
        #[serde(default, deserialize_with = "super::option_u32")]
        days: Option<u32>,
        #[serde(default, deserialize_with = "super::i64")]
        amount: i64,
    }

    fn body(json: &str) -> Result<Body, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn integral_numbers_are_integers() {
        assert_eq!(
            body(r#"{"days": 287.0, "amount": 650000.0}"#).unwrap(),
            Body {
                days: Some(287),
                amount: 650_000
            }
        );
        assert_eq!(
            body(r#"{"days": 287, "amount": -1}"#).unwrap(),
            Body {
                days: Some(287),
                amount: -1
            }
        );
        assert_eq!(body(r#"{"days": null}"#).unwrap().days, None);
        assert_eq!(body("{}").unwrap().days, None);
        for refused in [
            r#"{"days": 1.5}"#,
            r#"{"days": -1}"#,
            r#"{"days": 4294967296}"#,
            r#"{"days": "3"}"#,
            r#"{"amount": 1e300}"#,
        ] {
            assert!(body(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn query_text_is_read_too() {
        #[derive(Debug, Deserialize)]
        struct Query {
            #[serde(default, deserialize_with = "super::query_option_u32")]
            page: Option<u32>,
        }
        let read = |q: &str| serde_urlencoded::from_str::<Query>(q).map(|q| q.page);
        assert_eq!(read("page=3").unwrap(), Some(3));
        assert_eq!(read("page=3.0").unwrap(), Some(3));
        assert_eq!(read("").unwrap(), None);
        assert!(read("page=3.5").is_err());
        assert!(read("page=x").is_err());
    }

    #[test]
    fn a_patch_tells_null_from_absent_and_lists_read_integers() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Patch {
            #[serde(default, deserialize_with = "super::present_option_u32")]
            years: Option<Option<u32>>,
            #[serde(default, deserialize_with = "super::vec_u32")]
            terms: Vec<u32>,
        }
        let read = |json: &str| serde_json::from_str::<Patch>(json);
        assert_eq!(read("{}").unwrap().years, None);
        assert_eq!(read(r#"{"years": null}"#).unwrap().years, Some(None));
        assert_eq!(read(r#"{"years": 5.0}"#).unwrap().years, Some(Some(5)));
        assert_eq!(read(r#"{"terms": [5, 10.0]}"#).unwrap().terms, [5, 10]);
        for refused in [
            r#"{"years": "5"}"#,
            r#"{"years": -5}"#,
            r#"{"terms": [5.5]}"#,
            r#"{"terms": 5}"#,
        ] {
            assert!(read(refused).is_err(), "{refused}");
        }
    }
}

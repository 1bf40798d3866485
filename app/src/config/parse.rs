//! The small parsers every concern reads its variables with: each records a problem
//! (naming the variable) and carries on, so that every problem is reported at once.

pub(super) fn parse<T: std::str::FromStr>(
    value: Option<&str>,
    name: &str,
    expected: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    let value = value?;
    match value.parse() {
        Ok(parsed) => Some(parsed),
        Err(_) => {
            problems.push(format!("{name} is {value:?}: it must be {expected}"));
            None
        }
    }
}

pub(super) fn ranged(
    value: Option<&str>,
    name: &str,
    range: std::ops::RangeInclusive<u32>,
    problems: &mut Vec<String>,
) -> Option<u32> {
    let expected = format!("a whole number from {} to {}", range.start(), range.end());
    let parsed = parse::<u32>(value, name, &expected, problems)?;
    if range.contains(&parsed) {
        Some(parsed)
    } else {
        problems.push(format!("{name} is {parsed}: it must be {expected}"));
        None
    }
}

pub(super) fn flag(
    value: Option<&str>,
    name: &str,
    default: bool,
    problems: &mut Vec<String>,
) -> bool {
    match value {
        None => default,
        Some("true" | "1" | "yes" | "on") => true,
        Some("false" | "0" | "no" | "off") => false,
        Some(other) => {
            problems.push(format!("{name} is {other:?}: it must be true or false"));
            default
        }
    }
}

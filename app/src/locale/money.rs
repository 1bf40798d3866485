//! Amounts of money as people read them: rupiah with a dot between thousands ("Rp650.000"),
//! the way Indonesians write them, in either language.

/// `amount` rupiah, e.g. `Rp650.000`; a negative amount keeps its sign (`-Rp50.000`).
pub fn rupiah(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}Rp{grouped}")
}

#[cfg(test)]
mod tests {
    use super::rupiah;

    #[test]
    fn thousands_are_grouped_with_dots() {
        assert_eq!(rupiah(0), "Rp0");
        assert_eq!(rupiah(999), "Rp999");
        assert_eq!(rupiah(1_000), "Rp1.000");
        assert_eq!(rupiah(650_000), "Rp650.000");
        assert_eq!(rupiah(1_000_000), "Rp1.000.000");
        assert_eq!(rupiah(-50_000), "-Rp50.000");
        assert_eq!(rupiah(i64::MIN), "-Rp9.223.372.036.854.775.808");
    }
}

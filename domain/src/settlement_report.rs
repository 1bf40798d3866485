//! The payment channel's daily settlement report, as a CSV file: a header
//! `billing_code,amount,ntpn,paid_at` (optionally `,channel`), then one payment a line.
//! Fields are not quoted (none of them may hold a comma); lines end with `\n` or `\r\n`.
//! A report is read whole or not at all: the first line that breaks the format is named
//! with its number (the header is line 1) and why, and nothing of the report is taken.

use chrono::{DateTime, Utc};

/// The most lines after the header a report may have.
pub const MAX_LINES: usize = 20_000;

/// The longest channel name kept (as a payment notice's).
pub const MAX_CHANNEL_CHARS: usize = 64;

/// The longest field read at all: anything longer breaks the format.
const MAX_FIELD_BYTES: usize = 100;

/// One payment the channel settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettledLine {
    /// Its line number in the file (the header is 1).
    pub line_number: u32,
    /// The 15-digit billing code paid.
    pub billing_code: String,
    /// The amount paid, in rupiah.
    pub amount: i64,
    /// The NTPN the state's payment system issued: 16 capital letters or digits.
    pub ntpn: String,
    /// When the payer paid.
    pub paid_at: DateTime<Utc>,
    /// The bank or channel paid through, if named.
    pub channel: Option<String>,
}

/// Why a report cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportError {
    /// It is not UTF-8 text (the line where it stops being).
    NotUtf8 { line: u32 },
    /// No line after the header.
    Empty,
    /// More lines than [`MAX_LINES`].
    TooManyLines,
    /// A line breaks the format.
    Malformed { line: u32, reason: LineFault },
}

/// What is wrong with a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineFault {
    /// The header is not one of the two allowed.
    Header,
    /// Not as many fields as the header has.
    Columns {
        count: usize,
    },
    BillingCode,
    Amount,
    Ntpn,
    PaidAt,
    Channel,
    /// The same billing code and NTPN are on an earlier line.
    Duplicate,
}

/// Reads a whole report.
pub fn read_report(body: &[u8]) -> Result<Vec<SettledLine>, ReportError> {
    let text = std::str::from_utf8(body).map_err(|error| {
        let before = &body[..error.valid_up_to()];
        ReportError::NotUtf8 {
            line: line_number(before.iter().filter(|b| **b == b'\n').count() + 1),
        }
    })?;
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let header = lines.next().unwrap_or_default();
    let columns = match header {
        "billing_code,amount,ntpn,paid_at" => 4,
        "billing_code,amount,ntpn,paid_at,channel" => 5,
        _ => {
            return Err(ReportError::Malformed {
                line: 1,
                reason: LineFault::Header,
            });
        }
    };
    let mut read: Vec<SettledLine> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (index, line) in lines.enumerate() {
        if index >= MAX_LINES {
            return Err(ReportError::TooManyLines);
        }
        let number = line_number(index + 2);
        let settled =
            read_line(line, columns, number).map_err(|reason| ReportError::Malformed {
                line: number,
                reason,
            })?;
        if !seen.insert((settled.billing_code.clone(), settled.ntpn.clone())) {
            return Err(ReportError::Malformed {
                line: number,
                reason: LineFault::Duplicate,
            });
        }
        read.push(settled);
    }
    if read.is_empty() {
        return Err(ReportError::Empty);
    }
    Ok(read)
}

fn line_number(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn read_line(line: &str, columns: usize, number: u32) -> Result<SettledLine, LineFault> {
    let fields: Vec<&str> = line.split(',').collect();
    if fields.len() != columns || fields.iter().any(|field| field.len() > MAX_FIELD_BYTES) {
        return Err(LineFault::Columns { count: columns });
    }
    let billing_code = fields[0];
    if billing_code.len() != 15 || !billing_code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LineFault::BillingCode);
    }
    let amount = fields[1]
        .parse::<i64>()
        .ok()
        .filter(|amount| *amount > 0 && fields[1].bytes().all(|b| b.is_ascii_digit()))
        .ok_or(LineFault::Amount)?;
    let ntpn = fields[2];
    if ntpn.len() != 16
        || !ntpn
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return Err(LineFault::Ntpn);
    }
    let paid_at = DateTime::parse_from_rfc3339(fields[3])
        .map_err(|_| LineFault::PaidAt)?
        .with_timezone(&Utc);
    let channel = match fields.get(4) {
        None | Some(&"") => None,
        Some(channel)
            if channel.chars().count() <= MAX_CHANNEL_CHARS
                && channel.trim() == *channel
                && !channel.chars().any(char::is_control) =>
        {
            Some((*channel).to_owned())
        }
        Some(_) => return Err(LineFault::Channel),
    };
    Ok(SettledLine {
        line_number: number,
        billing_code: billing_code.to_owned(),
        amount,
        ntpn: ntpn.to_owned(),
        paid_at,
        channel,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "billing_code,amount,ntpn,paid_at,channel\n";

    fn report(lines: &[&str]) -> Vec<u8> {
        let mut text = HEADER.to_owned();
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        text.into_bytes()
    }

    fn fault(lines: &[&str]) -> ReportError {
        read_report(&report(lines)).expect_err("malformed")
    }

    const GOOD: &str = "820261125000417,650000,0A1B2C3D4E5F6G7H,2026-11-25T03:00:00Z,Bank BRI";

    #[test]
    fn a_good_report_is_read() {
        let lines = read_report(&report(&[GOOD])).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].line_number, 2);
        assert_eq!(lines[0].amount, 650_000);
        assert_eq!(lines[0].channel.as_deref(), Some("Bank BRI"));
        // Without the optional column, with CRLF line ends.
        let short = b"billing_code,amount,ntpn,paid_at\r\n820261125000417,650000,0A1B2C3D4E5F6G7H,2026-11-25T10:00:00+07:00\r\n";
        let lines = read_report(short).unwrap();
        assert_eq!(lines[0].paid_at.to_rfc3339(), "2026-11-25T03:00:00+00:00");
        assert_eq!(lines[0].channel, None);
    }

    #[test]
    fn each_fault_is_named_with_its_line() {
        let malformed = |line, reason| ReportError::Malformed { line, reason };
        assert_eq!(
            read_report(b"code,amount\n1,2\n").unwrap_err(),
            malformed(1, LineFault::Header)
        );
        assert_eq!(
            read_report(HEADER.as_bytes()).unwrap_err(),
            ReportError::Empty
        );
        assert_eq!(
            fault(&[GOOD, "820261125000418,650000"]),
            malformed(3, LineFault::Columns { count: 5 })
        );
        let long = format!("{GOOD}{}", "x".repeat(10_000));
        assert_eq!(
            fault(&[&long]),
            malformed(2, LineFault::Columns { count: 5 })
        );
        assert_eq!(
            fault(&["82026112500041X,650000,0A1B2C3D4E5F6G7H,2026-11-25T03:00:00Z,"]),
            malformed(2, LineFault::BillingCode)
        );
        for amount in ["-1", "0", "+5", "6.5", "", "99999999999999999999"] {
            let line = format!("820261125000417,{amount},0A1B2C3D4E5F6G7H,2026-11-25T03:00:00Z,");
            assert_eq!(fault(&[&line]), malformed(2, LineFault::Amount), "{amount}");
        }
        assert_eq!(
            fault(&["820261125000417,650000,0a1b2c3d4e5f6g7h,2026-11-25T03:00:00Z,"]),
            malformed(2, LineFault::Ntpn)
        );
        assert_eq!(
            fault(&["820261125000417,650000,0A1B2C3D4E5F6G7H,2026-11-25 03:00,"]),
            malformed(2, LineFault::PaidAt)
        );
        assert_eq!(
            fault(&["820261125000417,650000,0A1B2C3D4E5F6G7H,2026-11-25T03:00:00Z,Bank\0BRI"]),
            malformed(2, LineFault::Channel)
        );
        assert_eq!(fault(&[GOOD, GOOD]), malformed(3, LineFault::Duplicate));
        assert_eq!(
            fault(&[GOOD, ""]),
            malformed(3, LineFault::Columns { count: 5 })
        );
        let mut bad = report(&[GOOD]);
        bad.extend_from_slice(b"82026112500041\xff,1,2,3,4\n");
        assert_eq!(
            read_report(&bad).unwrap_err(),
            ReportError::NotUtf8 { line: 3 }
        );
    }

    #[test]
    fn too_many_lines_are_refused() {
        let mut text = HEADER.to_owned();
        for n in 0..=MAX_LINES {
            text.push_str(&format!(
                "{:015},1,0A1B2C3D4E5F6G7H,2026-11-25T03:00:00Z,\n",
                n
            ));
        }
        assert_eq!(
            read_report(text.as_bytes()).unwrap_err(),
            ReportError::TooManyLines
        );
    }
}

//! The weekly session templates an office admin sets, and what makes a week of them valid:
//! each session starts before it ends, lies within the office's opening hours, overlaps no
//! other session of its weekday, and offers a bounded number of places per channel.

use chrono::NaiveTime;

use super::capacity::{Capacity, Channel};
use super::session::SessionTemplate;
use crate::office::OpeningHours;

/// The most places one channel of one session may offer: far above any real office (the
/// largest offer a few hundred a day), low enough to catch a typo of extra zeros.
pub const MAX_CAPACITY: u32 = 10_000;

/// The most templates an office may keep: a session every 15 minutes round the clock, for
/// every day of the week, is already far more than any office runs.
pub const MAX_TEMPLATES: usize = 7 * 24 * 4;

/// Why a template cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("must start before it ends")]
    EndsBeforeStart,
    #[error("must lie within the opening hours {opens}-{closes}", opens = .opens.format("%H:%M"), closes = .closes.format("%H:%M"))]
    OutsideOpeningHours { opens: NaiveTime, closes: NaiveTime },
    #[error("overlaps session {other} of the same weekday")]
    Overlaps {
        /// The position (from 0) of the other template in the list.
        other: usize,
    },
    #[error("offers more than {MAX_CAPACITY} places of the {0} channel")]
    TooManyPlaces(Channel),
}

/// Whether `capacity` stays within [`MAX_CAPACITY`] on every channel; the first channel
/// over it otherwise.
pub fn check_capacity_bound(capacity: &Capacity) -> Result<(), Channel> {
    Channel::ALL
        .into_iter()
        .find(|channel| capacity.of(*channel) > MAX_CAPACITY)
        .map_or(Ok(()), Err)
}

/// Checks a whole week of templates against the office's opening hours; every problem is
/// reported with the position (from 0) of the template it concerns.
pub fn validate_week(
    templates: &[SessionTemplate],
    hours: &OpeningHours,
) -> Result<(), Vec<(usize, TemplateError)>> {
    let mut problems = Vec::new();
    for (index, template) in templates.iter().enumerate() {
        if template.starts >= template.ends {
            problems.push((index, TemplateError::EndsBeforeStart));
            continue;
        }
        if template.starts < hours.opens || template.ends > hours.closes {
            problems.push((
                index,
                TemplateError::OutsideOpeningHours {
                    opens: hours.opens,
                    closes: hours.closes,
                },
            ));
        }
        if let Err(channel) = check_capacity_bound(&template.capacity) {
            problems.push((index, TemplateError::TooManyPlaces(channel)));
        }
        // Each overlapping pair is reported once, on the later template of the list.
        let overlapping = templates[..index].iter().position(|earlier| {
            earlier.weekday == template.weekday
                && earlier.starts < earlier.ends
                && earlier.starts < template.ends
                && template.starts < earlier.ends
        });
        if let Some(other) = overlapping {
            problems.push((index, TemplateError::Overlaps { other }));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn hours() -> OpeningHours {
        OpeningHours {
            opens: t(8, 0),
            closes: t(16, 0),
        }
    }

    fn template(weekday: Weekday, starts: NaiveTime, ends: NaiveTime) -> SessionTemplate {
        SessionTemplate {
            office_id: "o".into(),
            weekday,
            starts,
            ends,
            capacity: Capacity {
                regular: 50,
                same_day: 9,
                priority: 13,
                ..Capacity::default()
            },
        }
    }

    #[test]
    fn a_real_office_week_is_valid() {
        let mut week = Vec::new();
        for day in [Weekday::Mon, Weekday::Tue, Weekday::Wed] {
            week.push(template(day, t(8, 0), t(9, 30)));
            // Back to back is not an overlap.
            week.push(template(day, t(9, 30), t(11, 0)));
            week.push(template(day, t(13, 0), t(16, 0)));
        }
        assert_eq!(validate_week(&week, &hours()), Ok(()));
        assert_eq!(validate_week(&[], &hours()), Ok(()));
    }

    #[test]
    fn start_must_come_before_end() {
        let cases = [
            (t(9, 0), t(9, 0), false),
            (t(9, 1), t(9, 0), false),
            (t(9, 0), t(9, 1), true),
        ];
        for (starts, ends, ok) in cases {
            let week = [template(Weekday::Mon, starts, ends)];
            assert_eq!(
                validate_week(&week, &hours()).is_ok(),
                ok,
                "{starts}-{ends}"
            );
        }
        let week = [template(Weekday::Mon, t(10, 0), t(9, 0))];
        assert_eq!(
            validate_week(&week, &hours()),
            Err(vec![(0, TemplateError::EndsBeforeStart)])
        );
    }

    #[test]
    fn sessions_stay_within_opening_hours() {
        let outside = TemplateError::OutsideOpeningHours {
            opens: t(8, 0),
            closes: t(16, 0),
        };
        let cases = [
            (t(8, 0), t(16, 0), true),
            (t(7, 59), t(9, 0), false),
            (t(15, 0), t(16, 1), false),
            (t(6, 0), t(7, 0), false),
        ];
        for (starts, ends, ok) in cases {
            let week = [template(Weekday::Fri, starts, ends)];
            let result = validate_week(&week, &hours());
            assert_eq!(result.is_ok(), ok, "{starts}-{ends}");
            if !ok {
                assert_eq!(result, Err(vec![(0, outside)]));
            }
        }
        assert_eq!(
            outside.to_string(),
            "must lie within the opening hours 08:00-16:00"
        );
    }

    #[test]
    fn overlaps_on_one_weekday_are_refused_and_other_days_are_free() {
        let week = [
            template(Weekday::Mon, t(8, 0), t(10, 0)),
            template(Weekday::Tue, t(9, 0), t(11, 0)),
            template(Weekday::Mon, t(9, 59), t(11, 0)),
            template(Weekday::Mon, t(8, 0), t(10, 0)),
        ];
        assert_eq!(
            validate_week(&week, &hours()),
            Err(vec![
                (2, TemplateError::Overlaps { other: 0 }),
                (3, TemplateError::Overlaps { other: 0 }),
            ])
        );
    }

    #[test]
    fn places_are_bounded_per_channel() {
        let mut big = template(Weekday::Mon, t(8, 0), t(9, 0));
        big.capacity.same_day = MAX_CAPACITY;
        assert_eq!(validate_week(&[big.clone()], &hours()), Ok(()));
        big.capacity.same_day = MAX_CAPACITY + 1;
        assert_eq!(
            validate_week(&[big.clone()], &hours()),
            Err(vec![(0, TemplateError::TooManyPlaces(Channel::SameDay))])
        );
        assert_eq!(check_capacity_bound(&big.capacity), Err(Channel::SameDay));
    }
}

//! The offices of release day (`release_day.rs`): twenty real cities in Indonesia's three
//! time zones, biggest first, each made by a system admin through the API with a week of
//! sessions (Monday to Friday, six a day) released weekly; and the skewed draws that say
//! who prefers which office and session (weights 1/(k+1), reproducible without a crate).

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::api;

/// The offices, biggest first, the three zones among the first four: (city, province,
/// latitude, longitude, time zone).
pub const OFFICES: [(&str, &str, f64, f64, &str); 20] = [
    ("Jakarta Selatan", "DKI Jakarta", -6.26, 106.81, "wib"),
    ("Surabaya", "Jawa Timur", -7.25, 112.75, "wib"),
    ("Makassar", "Sulawesi Selatan", -5.14, 119.42, "wita"),
    ("Jayapura", "Papua", -2.53, 140.72, "wit"),
    ("Medan", "Sumatera Utara", 3.59, 98.67, "wib"),
    ("Denpasar", "Bali", -8.65, 115.22, "wita"),
    ("Bandung", "Jawa Barat", -6.91, 107.61, "wib"),
    ("Semarang", "Jawa Tengah", -6.97, 110.42, "wib"),
    ("Balikpapan", "Kalimantan Timur", -1.24, 116.85, "wita"),
    ("Ambon", "Maluku", -3.70, 128.18, "wit"),
    ("Yogyakarta", "DI Yogyakarta", -7.80, 110.36, "wib"),
    ("Palembang", "Sumatera Selatan", -2.98, 104.76, "wib"),
    ("Mataram", "Nusa Tenggara Barat", -8.58, 116.12, "wita"),
    ("Sorong", "Papua Barat Daya", -0.88, 131.26, "wit"),
    ("Malang", "Jawa Timur", -7.98, 112.63, "wib"),
    ("Batam", "Kepulauan Riau", 1.13, 104.05, "wib"),
    ("Manado", "Sulawesi Utara", 1.47, 124.84, "wita"),
    ("Pekanbaru", "Riau", 0.51, 101.45, "wib"),
    ("Kupang", "Nusa Tenggara Timur", -10.18, 123.61, "wita"),
    ("Merauke", "Papua Selatan", -8.49, 140.40, "wit"),
];
/// A day's sessions, local time; Monday to Friday.
pub const SESSIONS: [(&str, &str); 6] = [
    ("08:00", "09:00"),
    ("09:00", "10:00"),
    ("10:00", "11:00"),
    ("11:00", "12:00"),
    ("13:00", "14:00"),
    ("14:00", "15:00"),
];
pub const WEEK: usize = 5 * SESSIONS.len();

/// An office as made: its id, its week's sessions in order (date, id) and their capacity.
pub struct Office {
    pub id: String,
    pub sessions: Vec<(String, String)>,
    pub capacity: u32,
}

/// splitmix64: reproducible draws without a dependency.
pub struct Draws(pub u64);

impl Draws {
    pub fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as f64 / u64::MAX as f64
    }

    /// An index below `weights.len()`, each with its weight.
    pub fn pick(&mut self, weights: &[f64]) -> usize {
        let mut left = self.unit() * weights.iter().sum::<f64>();
        for (index, weight) in weights.iter().enumerate() {
            if left < *weight {
                return index;
            }
            left -= weight;
        }
        weights.len() - 1
    }
}

/// Weights 1/(k+1) for k below `n`.
pub fn zipf(n: usize) -> Vec<f64> {
    (0..n).map(|k| 1.0 / (k + 1) as f64).collect()
}

/// How many of `accounts` prefer each of `offices` offices: in proportion to 1/(r+1).
pub fn shares(accounts: usize, offices: usize) -> Vec<usize> {
    let weights = zipf(offices);
    let total: f64 = weights.iter().sum();
    let mut cumulative = 0.0;
    let mut given = 0;
    weights
        .iter()
        .map(|weight| {
            cumulative += weight / total;
            let upto = (cumulative * accounts as f64).round() as usize;
            let share = upto - given;
            given = upto;
            share
        })
        .collect()
}

/// Makes office `rank` (a system admin's act) with `capacity` regular places a session,
/// released weekly on `weekday` at 00:00 local; returns it with its sessions of the week.
pub async fn make_office(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    rank: usize,
    capacity: u32,
    release_weekday: u32,
    (from, to): (&str, &str),
) -> anyhow::Result<Office> {
    let (city, province, latitude, longitude, zone) = OFFICES[rank];
    let templates: Vec<Value> = (1..=5)
        .flat_map(|weekday| {
            SESSIONS.iter().map(move |(starts, ends)| {
                json!({"weekday": weekday, "starts": starts, "ends": ends,
                    "capacity_regular": capacity, "capacity_same_day": 5, "capacity_priority": 5})
            })
        })
        .collect();
    let body = json!({
        "name": format!("Kantor Imigrasi {city}"), "kind": "immigration_office",
        "class": "I TPI", "address": "Jl. Bench 1", "city": city, "province": province,
        "latitude": latitude, "longitude": longitude, "time_zone": zone,
        "opening_hours": {"opens": "08:00", "closes": "16:00"}, "e_passport_available": true,
        "release_rule": {"kind": "weekly", "weekday": release_weekday, "time": "00:00"},
        "session_templates": templates,
    });
    let url = format!("{base}/v1/admin/offices");
    let (status, office) = api::post(http, &url, &body, Some(token), true).await?;
    let id = office["id"]
        .as_str()
        .with_context(|| format!("making an office answered {status}: {office}"))?
        .to_owned();
    let url = format!("{base}/v1/offices/{id}/availability?from={from}&to={to}");
    let (_, week) = api::get(http, &url, None).await?;
    let mut sessions = Vec::new();
    for day in week["days"].as_array().into_iter().flatten() {
        for session in day["sessions"].as_array().into_iter().flatten() {
            if session["bookable"].as_bool() != Some(true) {
                bail!("{city}: a session of the week is not bookable: {session}");
            }
            let date = day["date"].as_str().unwrap_or_default().to_owned();
            sessions.push((date, session["id"].as_str().unwrap_or_default().to_owned()));
        }
    }
    anyhow::ensure!(
        sessions.len() == WEEK,
        "{city} has {} sessions from {from} to {to}, not {WEEK}",
        sessions.len()
    );
    Ok(Office {
        id,
        sessions,
        capacity,
    })
}

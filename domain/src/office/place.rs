//! Where offices are: their kinds, time zones and positions.
//!
//! Indonesia has three time zones without daylight saving, so an office's local time is a
//! fixed offset from UTC. Positions let the app list the nearest offices first.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

code_enum! {
    /// What sort of office serves passports.
    pub enum OfficeKind {
        /// Kantor Imigrasi.
        ImmigrationOffice => "immigration_office",
        /// Unit Layanan Paspor (ULP).
        PassportServiceUnit => "passport_service_unit",
        /// Mal Pelayanan Publik (MPP).
        PublicServiceMall => "public_service_mall",
    }
}

code_enum! {
    /// Indonesia's time zones.
    pub enum TimeZone {
        /// Waktu Indonesia Barat, UTC+7.
        Wib => "wib",
        /// Waktu Indonesia Tengah, UTC+8.
        Wita => "wita",
        /// Waktu Indonesia Timur, UTC+9.
        Wit => "wit",
    }
}

impl TimeZone {
    /// Hours ahead of UTC, all year round.
    #[must_use]
    pub const fn utc_offset_hours(self) -> i32 {
        match self {
            Self::Wib => 7,
            Self::Wita => 8,
            Self::Wit => 9,
        }
    }

    /// The zone as a chrono offset.
    #[must_use]
    pub fn offset(self) -> FixedOffset {
        FixedOffset::east_opt(self.utc_offset_hours() * 3600)
            .unwrap_or_else(|| unreachable!("7 to 9 hours is a valid offset"))
    }

    /// The IANA name of the zone, for clients that want one.
    #[must_use]
    pub const fn iana_name(self) -> &'static str {
        match self {
            Self::Wib => "Asia/Jakarta",
            Self::Wita => "Asia/Makassar",
            Self::Wit => "Asia/Jayapura",
        }
    }

    /// The instant of a local wall-clock time in this zone (saturating at chrono's range).
    #[must_use]
    pub fn to_utc(self, local: NaiveDateTime) -> DateTime<Utc> {
        local
            .checked_sub_signed(TimeDelta::hours(i64::from(self.utc_offset_hours())))
            .unwrap_or(NaiveDateTime::MIN)
            .and_utc()
    }

    /// The local wall-clock time of an instant in this zone.
    #[must_use]
    pub fn to_local(self, instant: DateTime<Utc>) -> NaiveDateTime {
        instant.with_timezone(&self.offset()).naive_local()
    }

    /// The local date of an instant: what "today" is at the office.
    #[must_use]
    pub fn local_date(self, instant: DateTime<Utc>) -> NaiveDate {
        self.to_local(instant).date()
    }
}

/// Mean Earth radius (IUGG), in kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A position on Earth, in decimal degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawGeoPoint")]
pub struct GeoPoint {
    pub latitude: f64,
    pub longitude: f64,
}

/// The unchecked shape serde reads before [`GeoPoint::new`] checks it.
#[derive(Deserialize)]
struct RawGeoPoint {
    latitude: f64,
    longitude: f64,
}

impl TryFrom<RawGeoPoint> for GeoPoint {
    type Error = GeoPointError;

    fn try_from(raw: RawGeoPoint) -> Result<Self, Self::Error> {
        Self::new(raw.latitude, raw.longitude)
    }
}

/// A latitude or longitude out of range.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum GeoPointError {
    #[error("latitude and longitude must be finite numbers")]
    NotFinite,
    #[error("latitude must be between -90 and 90 degrees, not {0}")]
    LatitudeOutOfRange(f64),
    #[error("longitude must be between -180 and 180 degrees, not {0}")]
    LongitudeOutOfRange(f64),
}

impl GeoPoint {
    /// A checked position: finite, latitude in [-90, 90], longitude in [-180, 180].
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, GeoPointError> {
        if !latitude.is_finite() || !longitude.is_finite() {
            return Err(GeoPointError::NotFinite);
        }
        if !(-90.0..=90.0).contains(&latitude) {
            return Err(GeoPointError::LatitudeOutOfRange(latitude));
        }
        if !(-180.0..=180.0).contains(&longitude) {
            return Err(GeoPointError::LongitudeOutOfRange(longitude));
        }
        Ok(Self {
            latitude,
            longitude,
        })
    }

    /// Great-circle distance by the haversine formula, accurate to about 0.5% on a sphere:
    /// plenty for "nearest office first".
    #[must_use]
    pub fn distance_km(&self, other: &Self) -> f64 {
        let (lat1, lat2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let dlat = lat2 - lat1;
        let dlng = (other.longitude - self.longitude).to_radians();
        let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlng / 2.0).sin().powi(2);
        // Rounding can push `h` a hair past 1 for antipodal points.
        2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::assert_codes;
    use chrono::{NaiveTime, Timelike as _};

    #[test]
    fn codes() {
        assert_codes(&OfficeKind::ALL, OfficeKind::as_str);
        assert_codes(&TimeZone::ALL, TimeZone::as_str);
        assert_eq!(
            OfficeKind::PassportServiceUnit.as_str(),
            "passport_service_unit"
        );
    }

    #[test]
    fn time_zones() {
        let cases = [
            (TimeZone::Wib, 7, "Asia/Jakarta"),
            (TimeZone::Wita, 8, "Asia/Makassar"),
            (TimeZone::Wit, 9, "Asia/Jayapura"),
        ];
        for (tz, hours, iana) in cases {
            assert_eq!(tz.utc_offset_hours(), hours);
            assert_eq!(tz.offset().local_minus_utc(), hours * 3600);
            assert_eq!(tz.iana_name(), iana);
        }
    }

    #[test]
    fn local_and_utc() {
        let local = NaiveDate::from_ymd_opt(2026, 11, 27)
            .unwrap()
            .and_time(NaiveTime::from_hms_opt(6, 30, 0).unwrap());
        let utc = TimeZone::Wit.to_utc(local);
        assert_eq!(utc.to_rfc3339(), "2026-11-26T21:30:00+00:00");
        assert_eq!(TimeZone::Wit.to_local(utc), local);
        assert_eq!(TimeZone::Wit.local_date(utc), local.date());
        assert_eq!(TimeZone::Wib.local_date(utc).to_string(), "2026-11-27");
        assert_eq!(TimeZone::Wib.to_local(utc).hour(), 4);
    }

    #[test]
    fn geo_point_bounds() {
        assert!(GeoPoint::new(90.0, 180.0).is_ok());
        assert!(GeoPoint::new(-90.0, -180.0).is_ok());
        assert_eq!(
            GeoPoint::new(90.000_001, 0.0),
            Err(GeoPointError::LatitudeOutOfRange(90.000_001))
        );
        assert_eq!(
            GeoPoint::new(0.0, -180.5),
            Err(GeoPointError::LongitudeOutOfRange(-180.5))
        );
        assert_eq!(GeoPoint::new(f64::NAN, 0.0), Err(GeoPointError::NotFinite));
        assert_eq!(
            GeoPoint::new(0.0, f64::INFINITY),
            Err(GeoPointError::NotFinite)
        );
    }

    #[test]
    fn distances() {
        let pangkalpinang = GeoPoint::new(-2.1291, 106.1090).unwrap();
        let jakarta = GeoPoint::new(-6.2088, 106.8456).unwrap();
        let km = pangkalpinang.distance_km(&jakarta);
        assert!((455.0..465.0).contains(&km), "{km}");
        assert!((km - jakarta.distance_km(&pangkalpinang)).abs() < 1e-9);
        assert!(pangkalpinang.distance_km(&pangkalpinang).abs() < 1e-9);

        // A quarter of the equator.
        let a = GeoPoint::new(0.0, 0.0).unwrap();
        let b = GeoPoint::new(0.0, 90.0).unwrap();
        let quarter = std::f64::consts::FRAC_PI_2 * EARTH_RADIUS_KM;
        assert!((a.distance_km(&b) - quarter).abs() < 1e-6);
        // Antipodes: half the circumference, no NaN.
        let c = GeoPoint::new(0.0, 180.0).unwrap();
        assert!((a.distance_km(&c) - 2.0 * quarter).abs() < 1e-6);
    }

    #[test]
    fn geo_point_serde_is_checked() {
        use serde::de::value::{Error, MapDeserializer};
        let ok: MapDeserializer<'_, _, Error> =
            MapDeserializer::new([("latitude", -2.13), ("longitude", 106.1)].into_iter());
        assert_eq!(
            GeoPoint::deserialize(ok),
            Ok(GeoPoint::new(-2.13, 106.1).unwrap())
        );
        let bad: MapDeserializer<'_, _, Error> =
            MapDeserializer::new([("latitude", 91.0), ("longitude", 0.0)].into_iter());
        assert!(GeoPoint::deserialize(bad).is_err());
    }
}

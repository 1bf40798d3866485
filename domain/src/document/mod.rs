//! The documents an application carries: which kinds there are, which files are accepted,
//! how large, and while the application is in which states. Which kinds a given person
//! must bring is [`requirements`]; how the uploads and the officer's check measure up
//! against that is [`checklist`].
//!
//! A file's type is recognised from its first bytes, never from what the client says it
//! is: a header is trivially wrong or forged, and what officers open must really be an image
//! or a PDF.

use crate::ApplicationStatus;

pub mod checklist;
pub mod requirements;

/// The largest document accepted: 5 MiB, enough for a phone photo or a scanned page.
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

code_enum! {
    /// What a document is. An application keeps at most one of each kind.
    pub enum DocumentKind {
        /// The identity card (KTP).
        IdentityCard => "identity_card",
        /// The family card (Kartu Keluarga).
        FamilyCard => "family_card",
        /// The birth certificate (akta kelahiran).
        BirthCertificate => "birth_certificate",
        /// A school diploma (ijazah), in place of a birth certificate.
        Diploma => "diploma",
        /// The marriage book (buku nikah): in place of a birth certificate, as proof of a
        /// married minor's marriage, or a child's parents' marriage.
        MarriageBook => "marriage_book",
        /// The passport being replaced (paspor lama), damaged or not.
        OldPassport => "old_passport",
        /// A parent's identity card (KTP orang tua), for a child who has none.
        ParentIdentityCard => "parent_identity_card",
        /// The parents' or guardian's signed consent (surat pernyataan / izin orang tua atau
        /// wali), for a child.
        GuardianConsentLetter => "guardian_consent_letter",
        /// The labour office's recommendation (surat rekomendasi Dinas Tenaga Kerja), for
        /// migrant workers.
        LabourRecommendationLetter => "labour_recommendation_letter",
        /// A court decree or an official's letter (penetapan pengadilan / surat keterangan
        /// pejabat berwenang): the ground of a change of name or data, or a child's custody.
        CourtDecree => "court_decree",
        /// The police report of a lost passport (surat keterangan hilang dari kepolisian).
        PoliceReport => "police_report",
    }
}

/// The file types accepted, as recognised from their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaType {
    /// A JPEG image (`FF D8 FF`).
    Jpeg,
    /// A PNG image (its 8-byte signature).
    Png,
    /// A PDF document (`%PDF-`).
    Pdf,
}

impl MediaType {
    /// Every accepted type.
    pub const ALL: [MediaType; 3] = [MediaType::Jpeg, MediaType::Png, MediaType::Pdf];

    /// The type of a file from its first bytes, or `None` when it is none of the accepted.
    #[must_use]
    pub fn sniff(content: &[u8]) -> Option<MediaType> {
        const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
        if content.starts_with(b"\xff\xd8\xff") {
            Some(MediaType::Jpeg)
        } else if content.starts_with(PNG) {
            Some(MediaType::Png)
        } else if content.starts_with(b"%PDF-") {
            Some(MediaType::Pdf)
        } else {
            None
        }
    }

    /// The MIME type, as sent in `Content-Type` and stored.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Pdf => "application/pdf",
        }
    }

    /// The usual file name extension, for stored files an operator may have to open.
    #[must_use]
    pub const fn extension(self) -> &'static str {
        match self {
            MediaType::Jpeg => "jpg",
            MediaType::Png => "png",
            MediaType::Pdf => "pdf",
        }
    }
}

impl core::str::FromStr for MediaType {
    type Err = crate::UnknownCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MediaType::ALL
            .into_iter()
            .find(|media| media.as_str() == s)
            .ok_or_else(|| crate::UnknownCode(s.to_owned()))
    }
}

impl core::fmt::Display for MediaType {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether documents may be uploaded or replaced in this state: until the appointment
/// (draft, booked, paid), and again while the office awaits documents it found missing
/// (they may be supplied within 30 days). Otherwise, from check-in on, the officers hold the
/// file as it was checked.
#[must_use]
pub const fn accepts_documents(status: ApplicationStatus) -> bool {
    matches!(
        status,
        ApplicationStatus::Draft
            | ApplicationStatus::AwaitingPayment
            | ApplicationStatus::Paid
            | ApplicationStatus::AwaitingDocuments
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        crate::code::assert_codes(&DocumentKind::ALL, DocumentKind::as_str);
        // The first five keep their places: lists are ordered by kind.
        assert_eq!(
            DocumentKind::ALL.map(DocumentKind::as_str),
            [
                "identity_card",
                "family_card",
                "birth_certificate",
                "diploma",
                "marriage_book",
                "old_passport",
                "parent_identity_card",
                "guardian_consent_letter",
                "labour_recommendation_letter",
                "court_decree",
                "police_report",
            ]
        );
    }

    #[test]
    fn types_are_recognised_from_their_first_bytes_only() {
        assert_eq!(
            MediaType::sniff(b"\xff\xd8\xff\xe0rest"),
            Some(MediaType::Jpeg)
        );
        assert_eq!(
            MediaType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(MediaType::Png)
        );
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n"), Some(MediaType::Pdf));
        for other in [
            &b""[..],
            b"\xff\xd8",
            b"\x89PNG\r\n",
            b"%PDF",
            b"hello, world",
            b"GIF89a",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            b" %PDF-1.7",
        ] {
            assert_eq!(MediaType::sniff(other), None, "{other:?}");
        }
    }

    #[test]
    fn media_types_round_trip_through_their_mime_names() {
        for media in MediaType::ALL {
            assert_eq!(media.as_str().parse::<MediaType>(), Ok(media));
            assert_eq!(media.to_string(), media.as_str());
        }
        assert!("image/gif".parse::<MediaType>().is_err());
    }

    #[test]
    fn documents_are_accepted_until_the_appointment_and_while_missing_ones_are_awaited() {
        use ApplicationStatus as S;
        for status in S::ALL {
            assert_eq!(
                accepts_documents(status),
                matches!(
                    status,
                    S::Draft | S::AwaitingPayment | S::Paid | S::AwaitingDocuments
                ),
                "{status}"
            );
        }
    }
}

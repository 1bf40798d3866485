//! The enums that appear on the wire, mirrored from the domain with their schemas.

wire_enum! {
    /// Electronic (chip with biometrics) or non-electronic passport; both have 48 pages.
    PassportKindDto => paspor_domain::PassportKind { Electronic, NonElectronic }
}

wire_enum! {
    /// Regular service, or same-day service (percepatan) at a surcharge.
    ServiceDto => paspor_domain::Service { Regular, SameDay }
}

wire_enum! {
    /// A new passport, or the replacement of an existing one.
    ApplicationKindCodeDto => paspor_domain::ApplicationKindCode { New, Replacement }
}

wire_enum! {
    /// Why a passport is replaced. Lost and damaged need an examination at the office.
    ReplacementReasonDto => paspor_domain::ReplacementReason {
        Expired, PagesFull, Lost, Damaged, DataChange
    }
}

wire_enum! {
    /// Immigration office, passport service unit (ULP), or public service mall.
    OfficeKindDto => paspor_domain::OfficeKind {
        ImmigrationOffice, PassportServiceUnit, PublicServiceMall
    }
}

wire_enum! {
    /// Indonesia's time zones: WIB (UTC+7), WITA (UTC+8), WIT (UTC+9); no daylight saving.
    TimeZoneDto => paspor_domain::TimeZone { Wib, Wita, Wit }
}

wire_enum! {
    /// The quota a place comes from: app bookings, same-day service, or priority walk-ins.
    ChannelDto => paspor_domain::Channel { Regular, SameDay, Priority }
}

wire_enum! {
    /// A line of a quote.
    TariffItemDto => paspor_domain::TariffItem {
        PassportElectronic, PassportNonElectronic,
        PassportElectronic5y = "passport_electronic_5y",
        PassportElectronic10y = "passport_electronic_10y",
        PassportNonElectronic5y = "passport_non_electronic_5y",
        PassportNonElectronic10y = "passport_non_electronic_10y",
        SameDay, LostPenalty, DamagedPenalty, PostalDelivery
    }
}

wire_enum! {
    /// Which rule set a passport's validity.
    ValidityRuleDto => paspor_domain::ValidityRule {
        Adult, Married, Minor, DualCitizenChild,
        DualCitizenChildCappedAt21 = "dual_citizen_child_capped_at_21"
    }
}

wire_enum! {
    /// What an account may do: apply (applicant), serve one office (officer), manage one
    /// office (office admin), or manage the service (system admin). `integrator` is the
    /// role of client-credentials tokens; no account holds it.
    RoleDto => paspor_domain::account::Role {
        Applicant, Officer, OfficeAdmin, SystemAdmin, Integrator
    }
}

wire_enum! {
    /// The declared purpose of the trip.
    TravelPurposeDto => paspor_domain::TravelPurpose {
        Tourism, Work, Study, Umrah, Hajj, Business, VisitFamily, Medical, Other
    }
}

wire_enum! {
    /// Where an application stands: `draft`, then `awaiting_payment` once booked, `paid`,
    /// `checked_in` at the office, and on to a decision and the passport.
    ApplicationStatusDto => paspor_domain::ApplicationStatus {
        Draft, AwaitingPayment, Paid, Expired, Cancelled, CheckedIn, AwaitingDocuments,
        InReview, Postponed, Refused, Approved, Issued, Ready, Collected, UncollectedCancelled
    }
}

wire_enum! {
    /// Sex as on the identity card.
    SexDto => paspor_domain::Sex { Male, Female }
}

wire_enum! {
    /// Marital status as on the identity card: single (belum kawin), married (kawin),
    /// divorced (cerai hidup) or widowed (cerai mati).
    MaritalStatusDto => paspor_domain::MaritalStatus { Single, Married, Divorced, Widowed }
}

wire_enum! {
    /// The push service that reaches a device: FCM (android) or APNs (ios).
    DevicePlatformDto => paspor_domain::account::DevicePlatform { Android, Ios }
}

wire_enum! {
    /// What a document is: identity card (KTP), family card (Kartu Keluarga), birth
    /// certificate (Akta Kelahiran), diploma (ijazah), marriage book (Buku Nikah), the old
    /// passport, a parent's identity card, the parents' or guardian's consent letter, the
    /// labour office's recommendation letter (migrant workers), a court decree or official
    /// letter (a change of name or data, or a child's custody), or the police report of a
    /// lost passport. Which of them a person must bring: the document checklist.
    DocumentKindDto => paspor_domain::DocumentKind {
        IdentityCard, FamilyCard, BirthCertificate, Diploma, MarriageBook, OldPassport,
        ParentIdentityCard, GuardianConsentLetter, LabourRecommendationLetter, CourtDecree,
        PoliceReport
    }
}

wire_enum! {
    /// What a checklist item is for: the applicant's identity, the family card, an adult's
    /// record of birth (birth certificate, diploma or marriage book), a married minor's
    /// marriage, a parent's identity, a child's birth certificate, the child's parents'
    /// marriage (or custody decree), the parents' consent, the passport replaced, the
    /// police report of a loss, the ground of a change of data, or the labour office's
    /// recommendation for work abroad.
    DocumentPurposeDto => paspor_domain::document::requirements::DocumentPurpose {
        Identity, FamilyRecord, BirthRecord, Marriage, ParentIdentity, ChildBirthCertificate,
        ParentsMarriage, ParentalConsent, PreviousPassport, LossReport, ChangeOfData,
        WorkRecommendation
    }
}

wire_enum! {
    /// `required`: the documents are incomplete without it; `optional`: the office may ask
    /// for it (e.g. when the old passport's data differ from the identity card's).
    DocumentNeedDto => paspor_domain::document::requirements::Need { Required, Optional }
}

wire_enum! {
    /// Whose documents are asked for: an adult's (17 or over on the day judged), a married
    /// minor's (an adult in law, with the marriage book), a minor's (the parents'), or a
    /// child with limited dual citizenship's (the parents', at any age).
    ApplicantGroupDto => paspor_domain::document::requirements::ApplicantGroup {
        Adult, MarriedMinor, Minor, DualCitizenChild
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code<T: serde::Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn every_wire_code_is_the_domain_code() {
        for dto in PassportKindDto::ALL {
            assert_eq!(code(dto), paspor_domain::PassportKind::from(*dto).as_str());
        }
        for dto in ServiceDto::ALL {
            assert_eq!(code(dto), paspor_domain::Service::from(*dto).as_str());
        }
        for dto in ApplicationKindCodeDto::ALL {
            assert_eq!(
                code(dto),
                paspor_domain::ApplicationKindCode::from(*dto).as_str()
            );
        }
        for dto in ReplacementReasonDto::ALL {
            assert_eq!(
                code(dto),
                paspor_domain::ReplacementReason::from(*dto).as_str()
            );
        }
        for dto in OfficeKindDto::ALL {
            assert_eq!(code(dto), paspor_domain::OfficeKind::from(*dto).as_str());
        }
        for dto in TimeZoneDto::ALL {
            assert_eq!(code(dto), paspor_domain::TimeZone::from(*dto).as_str());
        }
        for dto in ChannelDto::ALL {
            assert_eq!(code(dto), paspor_domain::Channel::from(*dto).as_str());
        }
        for dto in TariffItemDto::ALL {
            assert_eq!(code(dto), paspor_domain::TariffItem::from(*dto).as_str());
        }
        for dto in ValidityRuleDto::ALL {
            assert_eq!(code(dto), paspor_domain::ValidityRule::from(*dto).as_str());
        }
        for dto in TravelPurposeDto::ALL {
            assert_eq!(code(dto), paspor_domain::TravelPurpose::from(*dto).as_str());
        }
        for dto in ApplicationStatusDto::ALL {
            assert_eq!(
                code(dto),
                paspor_domain::ApplicationStatus::from(*dto).as_str()
            );
        }
        for dto in RoleDto::ALL {
            assert_eq!(code(dto), paspor_domain::account::Role::from(*dto).as_str());
        }
        for dto in DocumentKindDto::ALL {
            assert_eq!(code(dto), paspor_domain::DocumentKind::from(*dto).as_str());
        }
        for dto in DocumentPurposeDto::ALL {
            let domain = paspor_domain::document::requirements::DocumentPurpose::from(*dto);
            assert_eq!(code(dto), domain.as_str());
        }
        for dto in DocumentNeedDto::ALL {
            let domain = paspor_domain::document::requirements::Need::from(*dto);
            assert_eq!(code(dto), domain.as_str());
        }
        for dto in ApplicantGroupDto::ALL {
            let domain = paspor_domain::document::requirements::ApplicantGroup::from(*dto);
            assert_eq!(code(dto), domain.as_str());
        }
        for dto in SexDto::ALL {
            assert_eq!(code(dto), paspor_domain::Sex::from(*dto).as_str());
        }
        for dto in MaritalStatusDto::ALL {
            assert_eq!(code(dto), paspor_domain::MaritalStatus::from(*dto).as_str());
        }
        for dto in DevicePlatformDto::ALL {
            assert_eq!(
                code(dto),
                paspor_domain::account::DevicePlatform::from(*dto).as_str()
            );
        }
    }

    /// The codes the schema lists, as the document publishes them.
    fn schema_codes<T: utoipa::PartialSchema>() -> Vec<String> {
        let schema = serde_json::to_value(T::schema()).unwrap();
        schema["enum"]
            .as_array()
            .expect("an enum schema")
            .iter()
            .map(|code| code.as_str().unwrap().to_owned())
            .collect()
    }

    /// utoipa derives a schema's codes on its own: they must be the codes serde sends
    /// (it once published `dual_citizen_child_capped_at21` for `..._at_21`).
    #[test]
    fn every_schema_lists_the_codes_serde_sends() {
        fn check<T: utoipa::PartialSchema + serde::Serialize + Copy>(all: &[T]) {
            let sent: Vec<String> = all.iter().map(|value| code(*value)).collect();
            assert_eq!(schema_codes::<T>(), sent);
        }
        check(PassportKindDto::ALL);
        check(ServiceDto::ALL);
        check(ApplicationKindCodeDto::ALL);
        check(ReplacementReasonDto::ALL);
        check(OfficeKindDto::ALL);
        check(TimeZoneDto::ALL);
        check(ChannelDto::ALL);
        check(TariffItemDto::ALL);
        check(ValidityRuleDto::ALL);
        check(RoleDto::ALL);
        check(TravelPurposeDto::ALL);
        check(ApplicationStatusDto::ALL);
        check(SexDto::ALL);
        check(MaritalStatusDto::ALL);
        check(DevicePlatformDto::ALL);
        check(DocumentKindDto::ALL);
        check(DocumentPurposeDto::ALL);
        check(DocumentNeedDto::ALL);
        check(ApplicantGroupDto::ALL);
    }
}
